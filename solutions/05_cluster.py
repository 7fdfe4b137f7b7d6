"""Clustering: hierarchical trees with scipy.cluster.hierarchy, k-means with scipy.cluster.vq."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")  # draw into files only: no window, no display needed

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from scipy.cluster import hierarchy, vq  # noqa: E402


def linkage_matrix(points: np.ndarray, method: str = "single") -> np.ndarray:
    """Cluster the rows of `points` (shape (n, d)) hierarchically and return the linkage
    matrix: a float64 array of shape (n - 1, 4).

    Row i says which two clusters merge at step i, at what distance, and how many points
    the new cluster holds. `method` is how the distance between clusters is measured:
    "single", "complete", "average" or "ward" (scipy.cluster has no spectral clustering:
    a method it does not know raises ValueError).

    >>> linkage_matrix(np.array([[0.0], [1.0], [5.0]]))
    array([[0., 1., 1., 2.],
           [2., 3., 4., 3.]])
    """
    return hierarchy.linkage(points, method=method)


def tree_summary(Z: np.ndarray) -> dict[str, object]:
    """Check a linkage matrix and, when it is valid, read its leaves.

    Returns a dict: "valid": whether Z is a valid linkage matrix (bool); and, for a valid
    one, "n_points": the number of original points (int) and "leaves": the point indices
    in the order the tree puts them from left to right (an int array of shape
    (n_points,)). For an invalid Z both of these are None.

    >>> Z = np.array([[0.0, 1.0, 1.0, 2.0], [2.0, 3.0, 4.0, 3.0]])
    >>> tree_summary(Z)
    {'valid': True, 'n_points': 3, 'leaves': array([2, 0, 1], dtype=int32)}
    """
    if not hierarchy.is_valid_linkage(Z):
        return {"valid": False, "n_points": None, "leaves": None}
    return {"valid": True, "n_points": int(Z.shape[0] + 1), "leaves": hierarchy.leaves_list(Z)}


def flat_clusters(points: np.ndarray, method: str, n_clusters: int) -> np.ndarray:
    """Build the hierarchical tree of `points` (shape (n, d)) with `method`, then cut it
    into at most `n_clusters` flat clusters.

    Returns an int array of shape (n,): the cluster of each point, numbered from 1.

    >>> flat_clusters(np.array([[0.0], [0.1], [5.0], [5.2]]), "average", 2)
    array([1, 1, 2, 2], dtype=int32)
    """
    tree = hierarchy.linkage(points, method=method)
    return hierarchy.fcluster(tree, t=n_clusters, criterion="maxclust")


def dendrogram_layout(Z: np.ndarray, labels: list[str]) -> tuple[list[str], np.ndarray]:
    """Lay out the dendrogram of the linkage matrix Z without drawing it.

    `labels` names the original points (labels[i] for point i). Returns (names, heights):
    names, the list of labels as the dendrogram shows them from left to right (list of
    str); heights, the height of each link (the horizontal bar joining two branches) in
    the order the dendrogram lists its links (a float array of shape (n - 1,)).

    >>> Z = np.array([[0.0, 1.0, 1.0, 2.0], [2.0, 3.0, 4.0, 3.0]])
    >>> dendrogram_layout(Z, ["a", "b", "c"])
    (['c', 'a', 'b'], array([1., 4.]))
    """
    layout = hierarchy.dendrogram(Z, labels=labels, no_plot=True)
    heights = np.array([link[1] for link in layout["dcoord"]], dtype=float)
    return list(layout["ivl"]), heights


def whitened_kmeans(points: np.ndarray, k: int, seed: int) -> tuple[np.ndarray, float]:
    """Scale each column of `points` (shape (n, d)) to unit standard deviation, then run
    k-means for k clusters on the scaled points, passing `seed` on as rng=seed.

    Returns (centroids, distortion): the centroids in the scaled units (a float array of
    shape (m, d), m <= k, in the order k-means returns them) and the distortion that
    k-means returns with them, as a float: kmeans's own value, the mean distance from each
    scaled point to its nearest centroid measured just before its last update of the
    centroids (so the mean distance to the centroids returned may differ slightly).

    >>> centroids, distortion = whitened_kmeans(np.array([[0.0], [1.0], [9.0], [10.0]]), 2,
    ...                                         seed=0)
    >>> centroids.shape, round(distortion, 4)
    ((2, 1), 0.1104)
    """
    scaled = vq.whiten(points)
    centroids, distortion = vq.kmeans(scaled, k, rng=seed)
    return centroids, float(distortion)


def nearest_centroid_labels(points: np.ndarray,
                            centroids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Give each point (row of `points`, shape (n, d)) the index of its nearest centroid
    (row of `centroids`, shape (k, d)).

    Returns (labels, distances): an int array of shape (n,) with values in 0..k-1, and a
    float array of shape (n,) with each point's Euclidean distance to that centroid.

    >>> nearest_centroid_labels(np.array([[0.0, 0.0], [9.0, 9.0]]),
    ...                         np.array([[10.0, 10.0], [1.0, 0.0]]))
    (array([1, 0], dtype=int32), array([1.        , 1.41421356]))
    """
    labels, distances = vq.vq(points, centroids)
    return labels, distances


def kmeans2_labels(points: np.ndarray, k: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Split the rows of `points` (shape (n, d)) into k clusters with kmeans2, starting
    from k-means++ centres and passing `seed` on as rng=seed.

    Returns (centroids, labels): a float array of shape (k, d) and an int array of shape
    (n,) whose value for each point is the row of its centroid.

    >>> centroids, labels = kmeans2_labels(np.array([[0.0], [0.2], [9.0], [9.2]]), 2, seed=1)
    >>> bool(labels[0] == labels[1] != labels[2] == labels[3])
    True
    """
    centroids, labels = vq.kmeans2(points, k, minit="++", rng=seed)
    return centroids, labels


def cluster_report(points: np.ndarray, k: int, seed: int, png_name: str) -> dict[str, object]:
    """Cluster measurements two ways and draw the tree to a PNG file.

    1. Whiten the points (shape (n, d)): each column scaled to unit standard deviation.
    2. Run k-means on the whitened points for k clusters with rng=seed, and label each
       point with its nearest centroid.
    3. Build Ward's hierarchical tree of the whitened points and cut it into at most k
       flat clusters.
    4. Draw the dendrogram of that tree, with its default link colours, with matplotlib's
       Agg backend (no screen needed) and save it as a PNG file named `png_name` in the
       current folder.

    Returns a dict:
      "labels": each point's centroid, numbered as k-means returned the centroids
                (int array of shape (n,));
      "sizes": how many points each centroid has, in the same order (int array);
      "distortion": the mean distance of the whitened points to their centroids (float);
      "tree_labels": each point's flat cluster from the tree, numbered from 1
                     (int array of shape (n,)).

    >>> report = cluster_report(points, 3, seed=0, png_name="tree.png")  # doctest: +SKIP
    >>> report["sizes"].sum() == len(points)                             # doctest: +SKIP
    True
    """
    whitened = vq.whiten(points)
    centroids, distortion = vq.kmeans(whitened, k, rng=seed)
    labels, _ = vq.vq(whitened, centroids)
    sizes = np.bincount(labels, minlength=len(centroids))
    tree = hierarchy.linkage(whitened, method="ward")
    tree_labels = hierarchy.fcluster(tree, t=k, criterion="maxclust")

    figure, axes = plt.subplots(figsize=(8, 4))
    hierarchy.dendrogram(tree, ax=axes, no_labels=True)
    axes.set_title(f"Ward tree of {len(points)} whitened points")
    axes.set_ylabel("merge distance")
    figure.savefig(png_name, dpi=100)
    plt.close(figure)  # figures stay in memory until closed

    return {"labels": labels, "sizes": sizes, "distortion": float(distortion),
            "tree_labels": tree_labels}
