"""Clustering: hierarchical trees with scipy.cluster.hierarchy, k-means with scipy.cluster.vq.

scipy.cluster has two parts: `hierarchy` (trees of nested clusters, dendrograms) and `vq`
(k-means and vector quantisation). k-means starts from random centres: pass the seed on
(rng=seed) so that the same call gives the same clusters every time.

Fill in each function, then run `course check cluster`.
"""

from __future__ import annotations

import numpy as np


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
    # TODO: build the hierarchical clustering of the points with the method given, using
    #       the function of scipy.cluster.hierarchy made for it (pass the points themselves).
    # TODO: let an unknown method fail with SciPy's ValueError.
    raise NotImplementedError


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
    # TODO: ask scipy.cluster.hierarchy whether Z is a valid linkage matrix.
    # TODO: if it is, count the original points and get the leaf order from the tree;
    #       if not, return None for both.
    raise NotImplementedError


def flat_clusters(points: np.ndarray, method: str, n_clusters: int) -> np.ndarray:
    """Build the hierarchical tree of `points` (shape (n, d)) with `method`, then cut it
    into at most `n_clusters` flat clusters.

    Returns an int array of shape (n,): the cluster of each point, numbered from 1.

    >>> flat_clusters(np.array([[0.0], [0.1], [5.0], [5.2]]), "average", 2)
    array([1, 1, 2, 2], dtype=int32)
    """
    # TODO: build the linkage matrix of the points with the method given.
    # TODO: cut the tree into at most n_clusters flat clusters, choosing the criterion that
    #       makes t a number of clusters.
    raise NotImplementedError


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
    # TODO: compute the dendrogram of Z with the labels, asking SciPy not to draw it.
    # TODO: return the labels in their left-to-right order, and the height of the bar of
    #       each link, in the order the dendrogram lists the links.
    raise NotImplementedError


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
    # TODO: scale the columns to unit standard deviation with scipy.cluster.vq.
    # TODO: run k-means on the scaled points with rng=seed, and return what it returns:
    #       the centroids and the distortion (a float), not labels.
    raise NotImplementedError


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
    # TODO: assign every point to its nearest centroid with vector quantisation.
    # TODO: return the labels and the distances it gives.
    raise NotImplementedError


def kmeans2_labels(points: np.ndarray, k: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Split the rows of `points` (shape (n, d)) into k clusters with kmeans2, starting
    from k-means++ centres and passing `seed` on as rng=seed.

    Returns (centroids, labels): a float array of shape (k, d) and an int array of shape
    (n,) whose value for each point is the row of its centroid.

    >>> centroids, labels = kmeans2_labels(np.array([[0.0], [0.2], [9.0], [9.2]]), 2, seed=1)
    >>> bool(labels[0] == labels[1] != labels[2] == labels[3])
    True
    """
    # TODO: run scipy.cluster.vq's second k-means function, which also labels the points,
    #       starting from k-means++ centres, with rng=seed.
    # TODO: return its centroids and labels.
    raise NotImplementedError


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
    # TODO: whiten the points, run k-means with rng=seed, label every point with its
    #       nearest centroid and count the points of each centroid.
    # TODO: build Ward's tree of the whitened points and cut it into at most k clusters.
    # TODO: select matplotlib's Agg backend before importing pyplot, draw the dendrogram
    #       on a new figure, save it under png_name and close the figure.
    # TODO: return the four results in a dict.
    raise NotImplementedError
