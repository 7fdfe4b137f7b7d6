"""Wrong solutions for cluster lose points; correct ones written another way pass."""

from __future__ import annotations

from tests.conftest import advice_test, variant_tests

WRONG = {
    "linkage_of_a_square_distance_matrix": ("cluster.linkage_matrix", """
        from scipy.spatial.distance import pdist, squareform
        def linkage_matrix(points, method="single"):
            return hierarchy.linkage(squareform(pdist(points)), method=method)
    """),
    "method_ignored": ("cluster.linkage_matrix", """
        def linkage_matrix(points, method="single"):
            return hierarchy.linkage(points)
    """),
    "spectral_falls_back_to_ward": ("cluster.linkage_matrix", """
        def linkage_matrix(points, method="single"):
            if method not in ("single", "complete", "average", "ward"):
                method = "ward"
            return hierarchy.linkage(points, method=method)
    """),
    "any_four_columns_are_valid": ("cluster.tree_summary", """
        def tree_summary(Z):
            if Z.ndim != 2 or Z.shape[1] != 4:
                return {"valid": False, "n_points": None, "leaves": None}
            return {"valid": True, "n_points": Z.shape[0] + 1, "leaves": hierarchy.leaves_list(Z)}
    """),
    "points_counted_as_rows": ("cluster.tree_summary", """
        _right_summary = tree_summary
        def tree_summary(Z):
            summary = _right_summary(Z)
            if summary["valid"]:
                summary["n_points"] = int(Z.shape[0])
            return summary
    """),
    "leaves_as_a_list": ("cluster.tree_summary", """
        _right_summary = tree_summary
        def tree_summary(Z):
            summary = _right_summary(Z)
            if summary["valid"]:
                summary["leaves"] = summary["leaves"].tolist()
            return summary
    """),
    "t_taken_as_a_distance": ("cluster.flat_clusters", """
        def flat_clusters(points, method, n_clusters):
            tree = hierarchy.linkage(points, method=method)
            return hierarchy.fcluster(tree, t=n_clusters, criterion="distance")
    """),
    "numbered_from_zero": ("cluster.flat_clusters", """
        _right_flat = flat_clusters
        def flat_clusters(points, method, n_clusters):
            return _right_flat(points, method, n_clusters) - 1
    """),
    "k_means_instead_of_the_tree": ("cluster.flat_clusters", """
        def flat_clusters(points, method, n_clusters):
            return vq.kmeans2(points, n_clusters, minit="++", rng=0)[1] + 1
    """),
    "heights_in_merge_order": ("cluster.dendrogram_layout", """
        def dendrogram_layout(Z, labels):
            layout = hierarchy.dendrogram(Z, labels=labels, no_plot=True)
            return list(layout["ivl"]), Z[:, 2].copy()
    """),
    "names_in_input_order": ("cluster.dendrogram_layout", """
        _right_layout = dendrogram_layout
        def dendrogram_layout(Z, labels):
            names, heights = _right_layout(Z, labels)
            return list(labels), heights
    """),
    "kmeans_not_whitened": ("cluster.whitened_kmeans", """
        def whitened_kmeans(points, k, seed):
            centroids, distortion = vq.kmeans(points, k, rng=seed)
            return centroids, float(distortion)
    """),
    "kmeans_without_seed": ("cluster.whitened_kmeans", """
        def whitened_kmeans(points, k, seed):
            centroids, distortion = vq.kmeans(vq.whiten(points), k)
            return centroids, float(distortion)
    """),
    "whitened_with_sample_sd": ("cluster.whitened_kmeans", """
        def whitened_kmeans(points, k, seed):
            scaled = points / points.std(axis=0, ddof=1)
            centroids, distortion = vq.kmeans(scaled, k, rng=seed)
            return centroids, float(distortion)
    """),
    "second_value_taken_for_labels": ("cluster.whitened_kmeans", """
        def whitened_kmeans(points, k, seed):
            centroids, distortion = vq.kmeans(vq.whiten(points), k, rng=seed)
            labels = vq.vq(vq.whiten(points), centroids)[0]
            return centroids, labels
    """),
    "labels_from_one": ("cluster.nearest_centroid_labels", """
        def nearest_centroid_labels(points, centroids):
            labels, distances = vq.vq(points, centroids)
            return labels + 1, distances
    """),
    "squared_distances": ("cluster.nearest_centroid_labels", """
        def nearest_centroid_labels(points, centroids):
            labels, distances = vq.vq(points, centroids)
            return labels, distances**2
    """),
    "farthest_centroid": ("cluster.nearest_centroid_labels", """
        def nearest_centroid_labels(points, centroids):
            gaps = np.linalg.norm(points[:, None, :] - centroids[None, :, :], axis=2)
            labels = gaps.argmax(axis=1)
            return labels, gaps[np.arange(len(points)), labels]
    """),
    "kmeans2_without_seed": ("cluster.kmeans2_labels", """
        def kmeans2_labels(points, k, seed):
            return vq.kmeans2(points, k, minit="++")
    """),
    "kmeans2_returns_swapped": ("cluster.kmeans2_labels", """
        def kmeans2_labels(points, k, seed):
            centroids, labels = vq.kmeans2(points, k, minit="++", rng=seed)
            return labels, centroids
    """),
    "report_without_whitening": ("cluster.cluster_report", """
        _right_report = cluster_report
        def cluster_report(points, k, seed, png_name):
            report = _right_report(points, k, seed, png_name)
            centroids, distortion = vq.kmeans(points, k, rng=seed)
            report["distortion"] = float(distortion)
            return report
    """),
    "report_png_not_written": ("cluster.cluster_report", """
        _right_report = cluster_report
        def cluster_report(points, k, seed, png_name):
            return _right_report(points, k, seed, "dendrogram.png")
    """),
    "report_blank_figure": ("cluster.cluster_report", """
        _right_report = cluster_report
        def cluster_report(points, k, seed, png_name):
            report = _right_report(points, k, seed, png_name)
            figure, axes = plt.subplots(figsize=(8, 4))
            axes.set_title("forgot to draw the tree")
            figure.savefig(png_name, dpi=100)
            plt.close(figure)
            return report
    """),
    "report_sizes_sorted": ("cluster.cluster_report", """
        _right_report = cluster_report
        def cluster_report(points, k, seed, png_name):
            report = _right_report(points, k, seed, png_name)
            report["sizes"] = np.sort(report["sizes"])[::-1].copy()
            if np.array_equal(report["sizes"], np.bincount(report["labels"])):
                report["sizes"] = report["sizes"][::-1].copy()
            return report
    """),
    "report_tree_labels_from_zero": ("cluster.cluster_report", """
        _right_report = cluster_report
        def cluster_report(points, k, seed, png_name):
            report = _right_report(points, k, seed, png_name)
            report["tree_labels"] = report["tree_labels"] - 1
            return report
    """),
    "report_unseeded": ("cluster.cluster_report", """
        _right_report = cluster_report
        def cluster_report(points, k, seed, png_name):
            return _right_report(points, k, None, png_name)
    """),
    "report_tree_of_raw_points": ("cluster.cluster_report", """
        def cluster_report(points, k, seed, png_name):
            whitened = vq.whiten(points)
            centroids, distortion = vq.kmeans(whitened, k, rng=seed)
            labels, _ = vq.vq(whitened, centroids)
            sizes = np.bincount(labels, minlength=len(centroids))
            tree = hierarchy.linkage(points, method="ward")
            tree_labels = hierarchy.fcluster(tree, t=k, criterion="maxclust")
            figure, axes = plt.subplots(figsize=(8, 4))
            hierarchy.dendrogram(tree, ax=axes, no_labels=True)
            figure.savefig(png_name, dpi=100)
            plt.close(figure)
            return {"labels": labels, "sizes": sizes, "distortion": float(distortion),
                    "tree_labels": tree_labels}
    """),
    "report_tree_average_not_ward": ("cluster.cluster_report", """
        def cluster_report(points, k, seed, png_name):
            whitened = vq.whiten(points)
            centroids, distortion = vq.kmeans(whitened, k, rng=seed)
            labels, _ = vq.vq(whitened, centroids)
            sizes = np.bincount(labels, minlength=len(centroids))
            tree = hierarchy.linkage(whitened, method="average")
            tree_labels = hierarchy.fcluster(tree, t=k, criterion="maxclust")
            figure, axes = plt.subplots(figsize=(8, 4))
            hierarchy.dendrogram(tree, ax=axes, no_labels=True)
            figure.savefig(png_name, dpi=100)
            plt.close(figure)
            return {"labels": labels, "sizes": sizes, "distortion": float(distortion),
                    "tree_labels": tree_labels}
    """),
    "kmeans2_default_random_start": ("cluster.kmeans2_labels", """
        def kmeans2_labels(points, k, seed):
            return vq.kmeans2(points, k, rng=seed)
    """),
    "kmeans2_points_start": ("cluster.kmeans2_labels", """
        def kmeans2_labels(points, k, seed):
            return vq.kmeans2(points, k, minit="points", rng=seed)
    """),
    "kmeans_iter_one": ("cluster.whitened_kmeans", """
        def whitened_kmeans(points, k, seed):
            centroids, distortion = vq.kmeans(vq.whiten(points), k, iter=1, rng=seed)
            return centroids, float(distortion)
    """),
    "linkage_with_optimal_ordering": ("cluster.linkage_matrix", """
        def linkage_matrix(points, method="single"):
            return hierarchy.linkage(points, method=method, optimal_ordering=True)
    """),
    "whitened_by_zscore_centred": ("cluster.whitened_kmeans", """
        from scipy import stats as _stats
        def whitened_kmeans(points, k, seed):
            centroids, distortion = vq.kmeans(_stats.zscore(points, axis=0), k, rng=seed)
            return centroids, float(distortion)
    """),
}

ALTERNATIVES = {
    "linkage_of_condensed_distances": ("cluster.linkage_matrix", """
        from scipy.spatial.distance import pdist
        def linkage_matrix(points, method="single"):
            return hierarchy.linkage(pdist(points), method)
    """),
    "leaves_from_the_dendrogram": ("cluster.tree_summary", """
        def tree_summary(Z):
            try:
                hierarchy.is_valid_linkage(Z, throw=True)
            except (ValueError, TypeError):
                return {"valid": False, "n_points": None, "leaves": None}
            leaves = hierarchy.dendrogram(Z, no_plot=True)["leaves"]
            return {"valid": True, "n_points": len(leaves), "leaves": np.array(leaves)}
    """),
    "flat_clusters_by_cut_tree": ("cluster.flat_clusters", """
        def flat_clusters(points, method, n_clusters):
            tree = hierarchy.linkage(points, method)
            return hierarchy.cut_tree(tree, n_clusters=n_clusters).ravel() + 1
    """),
    "flat_clusters_by_fclusterdata": ("cluster.flat_clusters", """
        def flat_clusters(points, method, n_clusters):
            return hierarchy.fclusterdata(points, n_clusters, criterion="maxclust",
                                          method=method)
    """),
    "layout_from_leaves_list": ("cluster.dendrogram_layout", """
        def dendrogram_layout(Z, labels):
            layout = hierarchy.dendrogram(Z, no_plot=True)
            heights = np.array([max(link) for link in layout["dcoord"]])
            return [labels[i] for i in hierarchy.leaves_list(Z)], heights
    """),
    "whiten_by_hand_and_legacy_seed": ("cluster.whitened_kmeans", """
        def whitened_kmeans(points, k, seed):
            scaled = points / points.std(axis=0)
            centroids, distortion = vq.kmeans(scaled, k, seed=seed)
            return centroids, float(distortion)
    """),
    "nearest_by_broadcasting": ("cluster.nearest_centroid_labels", """
        def nearest_centroid_labels(points, centroids):
            gaps = np.sqrt(((points[:, None, :] - centroids[None, :, :]) ** 2).sum(axis=2))
            labels = gaps.argmin(axis=1)
            return labels, gaps[np.arange(len(points)), labels]
    """),
    "report_with_the_figure_class": ("cluster.cluster_report", """
        from matplotlib.figure import Figure
        def cluster_report(points, k, seed, png_name):
            whitened = points / points.std(axis=0)
            centroids, distortion = vq.kmeans(whitened, k, seed=seed)
            labels, _ = vq.vq(whitened, centroids)
            tree = hierarchy.linkage(whitened, "ward")
            figure = Figure(figsize=(6, 4))
            hierarchy.dendrogram(tree, ax=figure.add_subplot())
            figure.savefig(png_name)
            return {"labels": labels, "sizes": np.bincount(labels), "distortion": distortion,
                    "tree_labels": hierarchy.fcluster(tree, k, "maxclust")}
    """),
    "report_distortion_recomputed_with_vq": ("cluster.cluster_report", """
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        def cluster_report(points, k, seed, png_name):
            whitened = vq.whiten(points)
            centroids, _ = vq.kmeans(whitened, k, rng=seed)
            labels, distances = vq.vq(whitened, centroids)
            sizes = np.array([np.count_nonzero(labels == i) for i in range(len(centroids))])
            tree = hierarchy.linkage(whitened, "ward")
            figure, axes = plt.subplots()
            hierarchy.dendrogram(tree, ax=axes)
            figure.savefig(png_name)
            plt.close(figure)
            return {"labels": labels, "sizes": sizes, "distortion": float(distances.mean()),
                    "tree_labels": hierarchy.fcluster(tree, t=k, criterion="maxclust")}
    """),
}


test_wrong_solution_loses_points, test_alternative_solution_passes = variant_tests(
    WRONG, ALTERNATIVES)

test_wrong_solution_hears_the_advice_that_fits = advice_test(WRONG, {
    "linkage_with_optimal_ordering": "as optimal_ordering=True puts them",
}, {"method_ignored": "optimal_ordering"})
