"""Suite for topic 05, cluster.

Cluster numbers are arbitrary, so labels are compared as partitions (which points share
a cluster) unless the exercise fixes the numbering. k-means results are compared on
well-separated groups, with SciPy's answer for the same seed or with the true groups
(what a correct k-means finds from almost any start). On data without clear groups the
answer depends on the starts drawn, so it must be SciPy's own for the seed: passed as
`rng=seed`, as the docstrings ask, or with SciPy's older `seed=` keyword, which draws
other starts and is accepted too.
"""

from __future__ import annotations

import struct

import numpy as np
import pytest
from scipy.cluster import hierarchy, vq

from checker.expect import (
    ExpectationFailed,
    exercise,
    expect_array,
    expect_equal,
    expect_float,
    expect_int,
    expect_learner_raises,
    expect_value,
)

METHODS = ["single", "complete", "average", "ward"]
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _blobs(rng: np.random.Generator, groups: int, per_group: int, dims: int = 2,
           scales: np.ndarray | None = None,
           uneven: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Points in `groups` tight, far-apart groups (shuffled), and each point's group.

    Any two centres differ by at least 10 in every coordinate, 16 times the spread of a
    group, so the groups stay apart after whitening too.
    """
    centres = np.column_stack([rng.permutation(groups) * 12.0 for _ in range(dims)])
    centres += rng.uniform(-1, 1, size=centres.shape)
    # Uneven groups have sizes that all differ, so that counts in the wrong order show.
    counts = per_group + (3 * rng.permutation(groups) if uneven else 0)
    truth = np.repeat(np.arange(groups), counts)
    points = centres[truth] + rng.normal(0, 0.6, size=(truth.size, dims))
    order = rng.permutation(truth.size)
    points, truth = points[order], truth[order]
    if scales is not None:
        points = points * scales
    return points, truth


def _partition_key(labels: np.ndarray) -> np.ndarray:
    """Which pairs of points share a cluster: the same for any renumbering of the labels."""
    return labels[:, None] == labels[None, :]


def _same_partition(got: np.ndarray, expected: np.ndarray, what: str) -> None:
    """Labels that put the same points together as `expected` does, whatever the numbers."""
    if (not isinstance(got, np.ndarray) or got.shape != expected.shape
            or got.dtype.kind not in "iu"):
        expect_array(got, expected, shape=expected.shape, dtype_kind="i", what=what)
    pairs_got, pairs_expected = _partition_key(got), _partition_key(expected)
    if not np.array_equal(pairs_got, pairs_expected):
        i, j = (int(v) for v in np.argwhere(pairs_got != pairs_expected)[0])
        together = "together" if pairs_expected[i, j] else "apart"
        found = len(set(got.tolist()))
        raise ExpectationFailed(f"{what}: points {i} and {j} should be {together} (got labels "
                                f"{int(got[i])} and {int(got[j])}); {found} "
                                f"cluster{'' if found == 1 else 's'} found, "
                                f"{len(set(expected.tolist()))} expected")


def _sorted_rows(array: np.ndarray) -> np.ndarray:
    return array[np.lexsort(array.T[::-1])]


def _pick_partition(got: np.ndarray, candidates: list[np.ndarray]) -> np.ndarray:
    """The candidate labelling that groups the points as `got` does, else the first.

    On well-separated groups every k-means run with a good start finds the true groups;
    SciPy with rng=seed may (rarely) not, and then the learner's run with the same seed
    does the same. So both the true groups and SciPy's answer for the seed are right.
    """
    if isinstance(got, np.ndarray) and got.ndim == 1:
        for candidate in candidates:
            if got.shape == candidate.shape and np.array_equal(_partition_key(got),
                                                               _partition_key(candidate)):
                return candidate
    return candidates[0]


def _same_rows(got: object, expected: np.ndarray) -> bool:
    return (isinstance(got, np.ndarray) and got.shape == expected.shape
            and got.dtype.kind == "f"
            and np.allclose(_sorted_rows(got), _sorted_rows(expected), rtol=1e-9, atol=1e-12))


def _scipy_kmeans_for_seed(got_centroids: object, whitened: np.ndarray, k: int,
                           seed: int) -> tuple[np.ndarray, float]:
    """SciPy's kmeans for this seed: with rng=seed, or with the older seed=seed when
    that is the one the learner's centroids match (it draws other starts)."""
    answer = vq.kmeans(whitened, k, rng=seed)
    if not _same_rows(got_centroids, answer[0]):
        legacy = vq.kmeans(whitened, k, seed=seed)
        if _same_rows(got_centroids, legacy[0]):
            return legacy
    return answer


def _scipy_kmeans2_labels_for_seed(got_labels: object, points: np.ndarray, k: int,
                                   seed: int) -> np.ndarray:
    """SciPy's kmeans2 labels (k-means++ starts) for this seed, given as rng= or seed=."""
    labels = vq.kmeans2(points, k, minit="++", rng=seed)[1]
    if isinstance(got_labels, np.ndarray) and not np.array_equal(got_labels, labels):
        legacy = vq.kmeans2(points, k, minit="++", seed=seed)[1]
        if np.array_equal(got_labels, legacy):
            return legacy
    return labels


def _group_means(points: np.ndarray, labels: np.ndarray) -> np.ndarray:
    return np.array([points[labels == c].mean(axis=0) for c in np.unique(labels)])


# -- linkage_matrix ------------------------------------------------------------------------

def _children_swapped(got: object, expected: np.ndarray) -> bool:
    """Whether `got` holds the same merges as `expected` with the two clusters of some
    rows in the other order (what linkage's optimal_ordering=True does)."""
    if not isinstance(got, np.ndarray) or got.shape != expected.shape or got.dtype.kind != "f":
        return False
    ordered = np.column_stack([np.sort(got[:, :2], axis=1), got[:, 2:]])
    return (not np.allclose(got, expected)
            and np.allclose(ordered, expected, rtol=1e-9, atol=1e-12))


@exercise("cluster.linkage_matrix")
@pytest.mark.parametrize("method", METHODS)
def test_linkage_matrix(learner, rng, method):
    n = int(rng.integers(5, 30))
    points = rng.random((n, 3))
    expected = hierarchy.linkage(points, method=method)
    got = learner.linkage_matrix(points, method)
    swapped = _children_swapped(got, expected)
    expect_array(got, expected, shape=(n - 1, 4), rtol=1e-9, atol=1e-12,
                 what=f"linkage_matrix of {n} random 3-D points, method={method!r}" + (
                     " (the same merges, with the two clusters of some rows in the other "
                     "order, as optimal_ordering=True puts them: return linkage's own "
                     "matrix, smaller cluster index first)" if swapped else ""))


@exercise("cluster.linkage_matrix")
def test_linkage_matrix_default_is_single(learner, rng):
    points = rng.random((8, 2))
    expect_array(learner.linkage_matrix(points), hierarchy.linkage(points, "single"),
                 shape=(7, 4), rtol=1e-9, atol=1e-12,
                 what="linkage_matrix of 8 random points with the default method")


@exercise("cluster.linkage_matrix")
def test_linkage_matrix_has_no_spectral_method(learner, rng):
    with expect_learner_raises("ValueError", why="scipy.cluster has no spectral clustering "
                                                 "(some tutorials say it has)"):
        learner.linkage_matrix(rng.random((6, 2)), "spectral")


# -- tree_summary --------------------------------------------------------------------------

@exercise("cluster.tree_summary")
@pytest.mark.parametrize("method", ["single", "ward"])
def test_tree_summary_valid(learner, rng, method):
    n = int(rng.integers(4, 25))
    Z = hierarchy.linkage(rng.random((n, 2)), method=method)
    got = learner.tree_summary(Z)
    what = f"tree_summary of the {method} linkage of {n} random points"
    expect_equal(sorted(got) if isinstance(got, dict) else got, ["leaves", "n_points", "valid"],
                 what=f"the keys of {what}")
    expect_value(got["valid"], True, what=f"'valid' in {what}")
    expect_int(got["n_points"], n, what=f"'n_points' in {what}")
    expect_array(got["leaves"], hierarchy.leaves_list(Z), shape=(n,), rtol=0,
                 what=f"'leaves' in {what}")


def _tampered(rng: np.random.Generator) -> list[tuple[str, np.ndarray]]:
    Z = hierarchy.linkage(rng.random((7, 2)), "average")
    negative = Z.copy()
    negative[0, 2] = -0.5
    future = Z.copy()
    future[0, 1] = 11.0  # cluster 11 is only made at the last step
    self_merge = Z.copy()
    self_merge[1, 1] = self_merge[1, 0]
    return [("a negative merge distance", negative),
            ("a merge of a cluster not made yet", future),
            ("a cluster merged with itself", self_merge),
            ("only 3 columns", Z[:, :3].copy())]


@exercise("cluster.tree_summary")
@pytest.mark.parametrize("case", range(4))
def test_tree_summary_invalid(learner, rng, case):
    name, Z = _tampered(rng)[case]
    got = learner.tree_summary(Z)
    expect_value(got, {"valid": False, "n_points": None, "leaves": None},
                 what=f"tree_summary of a linkage matrix with {name}")


# -- flat_clusters -------------------------------------------------------------------------

@exercise("cluster.flat_clusters")
@pytest.mark.parametrize("method", METHODS)
def test_flat_clusters_random(learner, rng, method):
    n = int(rng.integers(12, 40))
    points = rng.random((n, 2))
    k = int(rng.integers(2, 6))
    expected = hierarchy.fcluster(hierarchy.linkage(points, method), t=k, criterion="maxclust")
    got = learner.flat_clusters(points, method, k)
    what = f"flat_clusters of {n} random points, method={method!r}, n_clusters={k}"
    _same_partition(got, expected, what)
    expect_value(sorted(set(got.tolist())), sorted(set(expected.tolist())),
                 what=f"the cluster numbers used by {what} (numbered from 1)")


@exercise("cluster.flat_clusters")
def test_flat_clusters_blobs(learner, rng):
    points, truth = _blobs(rng, 3, 10)
    got = learner.flat_clusters(points, "ward", 3)
    _same_partition(got, truth, "flat_clusters of 3 well-separated groups of 10, ward, 3 "
                                "clusters")


# -- dendrogram_layout ---------------------------------------------------------------------

@exercise("cluster.dendrogram_layout")
@pytest.mark.parametrize("method", ["single", "average", "ward"])
def test_dendrogram_layout(learner, rng, method):
    # From about 15 points on, the drawing order of the links is never the merge order.
    n = int(rng.integers(15, 40))
    Z = hierarchy.linkage(rng.random((n, 2)), method)
    labels = [f"s{int(v)}" for v in rng.permutation(100)[:n]]
    expected = hierarchy.dendrogram(Z, labels=labels, no_plot=True)
    result = learner.dendrogram_layout(Z, labels)
    what = f"dendrogram_layout of the {method} tree of {n} random points"
    expect_equal(type(result).__name__, "tuple", what=f"the type {what} returns")
    names, heights = result
    expect_value(names, list(expected["ivl"]), what=f"the names left to right in {what}")
    expect_array(heights, [link[1] for link in expected["dcoord"]], shape=(n - 1,),
                 rtol=1e-12, what=f"the link heights, in the dendrogram's order, in {what}")


# -- whitened_kmeans -----------------------------------------------------------------------

@exercise("cluster.whitened_kmeans")
def test_whitened_kmeans_groups(learner, rng):
    # Columns on very different scales: without whitening the large one decides alone.
    points, truth = _blobs(rng, 4, 25, scales=np.array([1000.0, 0.01]))
    seed = int(rng.integers(2**31))
    whitened = vq.whiten(points)
    scipy_centroids, scipy_distortion = vq.kmeans(whitened, 4, rng=seed)
    true_centroids = _group_means(whitened, truth)
    true_distortion = float(vq.vq(whitened, true_centroids)[1].mean())
    result = learner.whitened_kmeans(points, 4, seed)
    what = f"whitened_kmeans of 4 separated groups (columns scaled 1000 and 0.01), seed={seed}"
    expect_equal(type(result).__name__, "tuple", what=f"the type {what} returns")
    got_centroids, got_distortion = result
    if not isinstance(got_centroids, np.ndarray) or got_centroids.ndim != 2:
        expect_array(got_centroids, scipy_centroids, what=f"the centroids of {what}")
    expected_centroids, expected_distortion = scipy_centroids, scipy_distortion
    if (got_centroids.shape == true_centroids.shape and np.allclose(
            _sorted_rows(got_centroids), _sorted_rows(true_centroids), rtol=1e-6, atol=1e-9)):
        expected_centroids, expected_distortion = true_centroids, true_distortion
    expect_array(_sorted_rows(got_centroids), _sorted_rows(expected_centroids), rtol=1e-6,
                 atol=1e-9, what=f"the centroids (in whitened units, rows sorted) of {what}")
    expect_float(got_distortion, expected_distortion, rtol=1e-6,
                 what=f"the distortion of {what} (kmeans returns the distortion, not labels)")


@exercise("cluster.whitened_kmeans")
def test_whitened_kmeans_reproducible(learner, rng):
    points = rng.random((300, 2)) * [5.0, 1.0]
    seed = int(rng.integers(2**31))
    what = f"whitened_kmeans of 300 random points, k=8, seed={seed}"
    first_centroids, first_distortion = learner.whitened_kmeans(points, 8, seed)
    again_centroids, again_distortion = learner.whitened_kmeans(points, 8, seed)
    expect_array(again_centroids, first_centroids, rtol=0,
                 what=f"the centroids of a second {what} (k-means without a seed differs run "
                      "to run)")
    expect_float(again_distortion, first_distortion, rtol=0,
                 what=f"the distortion of a second {what}")
    # kmeans measures the distortion just before its last update of the centroids, so
    # the mean distance to the centroids it returns may differ a little (0.1 % at most
    # in trials); 1 % still tells a distortion from anything else.
    distances = vq.vq(vq.whiten(points), first_centroids)[1]
    expect_float(first_distortion, float(distances.mean()), rtol=1e-2,
                 what=f"the distortion of {what}: the mean distance of the whitened points "
                      "to their nearest centroid")
    # Without clear groups every start ends somewhere else: kmeans keeps the best of its
    # `iter` (20) runs, so one run, other starts or another scaling all show here.
    scipy_centroids, scipy_distortion = _scipy_kmeans_for_seed(first_centroids,
                                                               vq.whiten(points), 8, seed)
    expect_array(_sorted_rows(first_centroids), _sorted_rows(scipy_centroids), rtol=1e-9,
                 atol=1e-12, what=f"the centroids (rows sorted) of {what}: SciPy's kmeans of "
                                  "the whitened points with rng=seed gives these")
    expect_float(first_distortion, scipy_distortion, rtol=1e-9,
                 what=f"the distortion of {what}, against SciPy's kmeans with rng=seed "
                      "(return kmeans's own distortion: recomputed from the centroids it "
                      "returns, the mean distance can differ slightly)")


# -- nearest_centroid_labels ---------------------------------------------------------------

@exercise("cluster.nearest_centroid_labels")
@pytest.mark.parametrize("dims", [1, 3])
def test_nearest_centroid_labels(learner, rng, dims):
    n, k = int(rng.integers(5, 50)), int(rng.integers(2, 7))
    points = rng.normal(size=(n, dims))
    centroids = rng.normal(size=(k, dims))
    codes, distances = vq.vq(points, centroids)
    result = learner.nearest_centroid_labels(points, centroids)
    what = f"nearest_centroid_labels of {n} random {dims}-D points and {k} centroids"
    expect_equal(type(result).__name__, "tuple", what=f"the type {what} returns")
    got_codes, got_distances = result
    expect_array(got_codes, codes, shape=(n,), dtype_kind="i", rtol=0,
                 what=f"the labels (0-based rows of centroids) of {what}")
    expect_array(got_distances, distances, shape=(n,), dtype_kind="f", rtol=1e-9, atol=1e-12,
                 what=f"the distances (not squared) of {what}")


@exercise("cluster.nearest_centroid_labels")
def test_nearest_centroid_labels_on_the_centroids(learner):
    centroids = np.array([[2.0, 2.0], [-1.0, 0.0], [0.0, 5.0]])
    points = centroids[[2, 0, 1, 0]]
    got_codes, got_distances = learner.nearest_centroid_labels(points, centroids)
    expect_array(got_codes, [2, 0, 1, 0], shape=(4,), dtype_kind="i", rtol=0,
                 what="nearest_centroid_labels of points that are centroids 2, 0, 1, 0")
    expect_array(got_distances, np.zeros(4), shape=(4,), atol=1e-12,
                 what="the distances of points lying on their centroids")


# -- kmeans2_labels ------------------------------------------------------------------------

@exercise("cluster.kmeans2_labels")
@pytest.mark.parametrize("groups", [3, 5])
def test_kmeans2_labels_groups(learner, rng, groups):
    points, truth = _blobs(rng, groups, 20, dims=3)
    seed = int(rng.integers(2**31))
    result = learner.kmeans2_labels(points, groups, seed)
    what = f"kmeans2_labels of {groups} separated groups of 20 points, seed={seed}"
    expect_equal(type(result).__name__, "tuple", what=f"the type {what} returns")
    centroids, labels = result
    scipy_labels = vq.kmeans2(points, groups, minit="++", rng=seed)[1]
    _same_partition(labels, _pick_partition(labels, [truth, scipy_labels]),
                    f"the labels of {what}")
    if not isinstance(centroids, np.ndarray) or centroids.shape != (groups, 3):
        expect_array(centroids, np.zeros((groups, 3)), what=f"the centroids of {what}")
    means = np.array([points[labels == c].mean(axis=0) for c in range(groups)])
    expect_array(centroids, means, shape=(groups, 3), rtol=1e-9, atol=1e-9,
                 what=f"the centroids of {what} (row c: the mean of the points labelled c)")


@exercise("cluster.kmeans2_labels")
def test_kmeans2_labels_reproducible(learner, rng):
    points = rng.random((200, 2))
    seed = int(rng.integers(2**31))
    what = f"kmeans2_labels of 200 random points, k=7, seed={seed}"
    first_centroids, first_labels = learner.kmeans2_labels(points, 7, seed)
    again_centroids, again_labels = learner.kmeans2_labels(points, 7, seed)
    expect_array(again_labels, first_labels, rtol=0,
                 what=f"the labels of a second {what} (the same seed must give the same "
                      "clusters)")
    expect_array(again_centroids, first_centroids, rtol=0,
                 what=f"the centroids of a second {what}")
    # Without clear groups the clusters depend on the starts: k-means++ from this seed.
    expect_array(first_labels, _scipy_kmeans2_labels_for_seed(first_labels, points, 7, seed),
                 shape=(200,), dtype_kind="i", rtol=0,
                 what=f"the labels of {what}: SciPy's kmeans2 with minit='++' and rng=seed "
                      "gives these")


# -- cluster_report ------------------------------------------------------------------------

def _check_png(learner_session, png_name: str) -> None:
    path = learner_session.file(png_name)
    size = path.stat().st_size
    if not 2_000 <= size <= 5_000_000:
        raise ExpectationFailed(f"{png_name}: a drawn dendrogram should take 2 kB to 5 MB, "
                                f"the file has {size} bytes")
    data = path.read_bytes()
    expect_equal(data[:8], PNG_SIGNATURE, what=f"the first 8 bytes of {png_name} (the PNG "
                                               "signature: save with format png)")
    width, height = struct.unpack(">II", data[16:24])
    if not (200 <= width <= 10_000 and 150 <= height <= 10_000):
        raise ExpectationFailed(f"{png_name}: a picture of {width}x{height} pixels is not a "
                                "sensible size for a dendrogram")
    # Pillow, which matplotlib reads PNGs with, without importing matplotlib (0.2 s).
    from PIL import Image

    with Image.open(path) as picture:
        pixels = np.asarray(picture.convert("RGB"), dtype=np.int16)
    colourful = np.ptp(pixels, axis=-1) > 63  # channels more than a quarter apart
    if np.count_nonzero(colourful) < 50:
        raise ExpectationFailed(f"{png_name}: the picture has no coloured links: draw the "
                                "dendrogram itself, with its default colours")


def _expected_report(points: np.ndarray, k: int, seed: int) -> dict:
    whitened = vq.whiten(points)
    centroids, distortion = vq.kmeans(whitened, k, rng=seed)
    labels, _ = vq.vq(whitened, centroids)
    tree = hierarchy.linkage(whitened, "ward")
    return {"labels": labels, "distortion": float(distortion),
            "tree_labels": hierarchy.fcluster(tree, t=k, criterion="maxclust")}


@exercise("cluster.cluster_report")
def test_cluster_report(learner, learner_session, rng):
    groups = int(rng.integers(3, 6))
    points, truth = _blobs(rng, groups, int(rng.integers(15, 30)), dims=2,
                           scales=np.array([0.02, 50.0]), uneven=True)
    seed = int(rng.integers(2**31))
    png_name = f"tree-{int(rng.integers(10**6))}.png"
    expected = _expected_report(points, groups, seed)
    whitened = vq.whiten(points)
    true_distortion = float(vq.vq(whitened, _group_means(whitened, truth))[1].mean())
    what = f"cluster_report of {groups} separated groups, k={groups}, seed={seed}"
    got = learner.cluster_report(points, groups, seed, png_name)
    expect_equal(sorted(got) if isinstance(got, dict) else got,
                 ["distortion", "labels", "sizes", "tree_labels"], what=f"the keys of {what}")
    wanted_labels = _pick_partition(got["labels"], [expected["labels"], truth])
    _same_partition(got["labels"], wanted_labels, f"'labels' of {what}")
    # minlength: a centroid left with no points still has its size, 0.
    counts = np.bincount(got["labels"], minlength=groups)
    sizes = got["sizes"]
    expect_array(sizes, counts, shape=counts.shape, dtype_kind="i", rtol=0,
                 what=f"'sizes' of {what} (how many points carry each label)")
    wanted_distortion = (expected["distortion"] if wanted_labels is expected["labels"]
                         else true_distortion)
    expect_float(got["distortion"], wanted_distortion, rtol=1e-6,
                 what=f"'distortion' of {what} (of the whitened points)")
    _same_partition(got["tree_labels"], expected["tree_labels"], f"'tree_labels' of {what}")
    expect_value(sorted(set(got["tree_labels"].tolist())), list(range(1, groups + 1)),
                 what=f"the numbers in 'tree_labels' of {what}")
    _check_png(learner_session, png_name)


def _points_telling_ward_apart(rng: np.random.Generator, n: int, k: int) -> np.ndarray:
    """n random points, stretched along x, whose Ward tree of the whitened points, cut into
    k clusters, differs from every other method's and from Ward's tree of the raw points:
    random points alone sometimes gave the same clusters (1 seed in about 100 let a tree by
    "average" pass)."""
    for _ in range(50):
        points = rng.random((n, 2)) * [3.0, 1.0]
        whitened = vq.whiten(points)

        def cut(data: np.ndarray, method: str) -> np.ndarray:
            return _partition_key(hierarchy.fcluster(hierarchy.linkage(data, method), t=k,
                                                     criterion="maxclust"))

        ward = cut(whitened, "ward")
        others = [cut(whitened, method) for method in
                  ("single", "complete", "average", "weighted", "centroid", "median")]
        if not any(np.array_equal(ward, other) for other in [*others, cut(points, "ward")]):
            return points
    raise AssertionError("no random points told Ward's tree apart in 50 draws")


@exercise("cluster.cluster_report")
def test_cluster_report_reproducible(learner, learner_session, rng):
    points = _points_telling_ward_apart(rng, 120, 8)
    seed = int(rng.integers(2**31))
    first = learner.cluster_report(points, 8, seed, "first.png")
    again = learner.cluster_report(points, 8, seed, "again.png")
    expect_array(again["labels"], first["labels"], rtol=0,
                 what=f"'labels' of a second cluster_report of 120 random points, k=8, "
                      f"seed={seed} (k-means without a seed differs run to run)")
    counts = np.bincount(again["labels"], minlength=8)
    expect_array(again["sizes"], counts, shape=counts.shape, dtype_kind="i", rtol=0,
                 what="'sizes' of cluster_report of 120 random points, k=8 (how many points "
                      "carry each label)")
    # Without clear groups each step shows: the tree of the whitened points (not of the
    # raw ones) by Ward's method, and k-means from this seed.
    whitened = vq.whiten(points)
    tree = hierarchy.linkage(whitened, "ward")
    _same_partition(first["tree_labels"], hierarchy.fcluster(tree, t=8, criterion="maxclust"),
                    "'tree_labels' of cluster_report of 120 random points, k=8 (Ward's tree "
                    "of the whitened points, cut into at most 8 clusters)")
    labels = first["labels"]
    wanted = vq.vq(whitened, vq.kmeans(whitened, 8, rng=seed)[0])[0]
    if (isinstance(labels, np.ndarray) and labels.shape == wanted.shape
            and not np.array_equal(_partition_key(labels), _partition_key(wanted))):
        legacy = vq.vq(whitened, vq.kmeans(whitened, 8, seed=seed)[0])[0]
        wanted = _pick_partition(labels, [wanted, legacy])
    _same_partition(labels, wanted,
                    f"'labels' of cluster_report of 120 random points, k=8, seed={seed} "
                    "(k-means of the whitened points with rng=seed, then vq)")
    _check_png(learner_session, "again.png")
