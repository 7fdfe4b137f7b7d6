"""Wrong solutions for ndimage lose points; correct ones written another way pass."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import scipy.ndimage

from tests.conftest import advice_test, variant_tests

with warnings.catch_warnings():
    # The suite marks its tests with @exercise, a marker only the checker's plugin registers.
    warnings.simplefilter("ignore", pytest.PytestUnknownMarkWarning)
    from checker.suites.test_ndimage import object_image

WRONG = {
    "smooth_keeps_uint8": ("ndimage.smooth_image", """
        def smooth_image(image, sigma):
            return ndimage.gaussian_filter(image, sigma)
    """),
    "smooth_box_filter": ("ndimage.smooth_image", """
        def smooth_image(image, sigma):
            return ndimage.uniform_filter(np.asarray(image, float), size=3)
    """),
    "smooth_zero_padding": ("ndimage.smooth_image", """
        def smooth_image(image, sigma):
            return ndimage.gaussian_filter(np.asarray(image, float), sigma, mode="constant")
    """),
    "median_as_float": ("ndimage.remove_salt_and_pepper", """
        def remove_salt_and_pepper(image, size=3):
            return ndimage.median_filter(np.asarray(image, float), size=size)
    """),
    "median_widened_to_int64": ("ndimage.remove_salt_and_pepper", """
        def remove_salt_and_pepper(image, size=3):
            return ndimage.median_filter(image, size=size).astype(np.int64)
    """),
    "smooth_in_float32": ("ndimage.smooth_image", """
        def smooth_image(image, sigma):
            return ndimage.gaussian_filter(np.asarray(image, np.float32), sigma)
    """),
    "gaussian_not_median": ("ndimage.remove_salt_and_pepper", """
        def remove_salt_and_pepper(image, size=3):
            return ndimage.gaussian_filter(image, size / 3)
    """),
    "median_size_ignored": ("ndimage.remove_salt_and_pepper", """
        def remove_salt_and_pepper(image, size=3):
            return ndimage.median_filter(image, size=3)
    """),
    "sobel_on_uint8": ("ndimage.edge_magnitude", """
        def edge_magnitude(image):
            d0, d1 = ndimage.sobel(image, axis=0), ndimage.sobel(image, axis=1)
            return np.hypot(d0, d1).astype(float)
    """),
    "sobel_one_axis": ("ndimage.edge_magnitude", """
        def edge_magnitude(image):
            return np.abs(ndimage.sobel(np.asarray(image, float), axis=0))
    """),
    "sobel_sum_of_absolutes": ("ndimage.edge_magnitude", """
        def edge_magnitude(image):
            pixels = np.asarray(image, float)
            return np.abs(ndimage.sobel(pixels, 0)) + np.abs(ndimage.sobel(pixels, 1))
    """),
    "closing_before_opening": ("ndimage.clean_mask", """
        def clean_mask(mask, size):
            square = np.ones((size, size), bool)
            return ndimage.binary_opening(ndimage.binary_closing(mask, square), square)
    """),
    "default_cross_structure": ("ndimage.clean_mask", """
        def clean_mask(mask, size):
            return ndimage.binary_closing(ndimage.binary_opening(mask, iterations=size // 2),
                                          iterations=size // 2)
    """),
    "opening_only": ("ndimage.clean_mask", """
        def clean_mask(mask, size):
            return ndimage.binary_opening(mask, np.ones((size, size), bool))
    """),
    "rotate_cubic_default": ("ndimage.rotate_and_zoom", """
        def rotate_and_zoom(image, angle, factor):
            return ndimage.zoom(ndimage.rotate(np.asarray(image, float), angle), factor)
    """),
    "rotate_keeps_shape": ("ndimage.rotate_and_zoom", """
        def rotate_and_zoom(image, angle, factor):
            rotated = ndimage.rotate(np.asarray(image, float), angle, reshape=False, order=1)
            return ndimage.zoom(rotated, factor, order=1)
    """),
    "zoom_before_rotate": ("ndimage.rotate_and_zoom", """
        def rotate_and_zoom(image, angle, factor):
            zoomed = ndimage.zoom(np.asarray(image, float), factor, order=1)
            return ndimage.rotate(zoomed, angle, order=1)
    """),
    "rotate_uint8": ("ndimage.rotate_and_zoom", """
        def rotate_and_zoom(image, angle, factor):
            return ndimage.zoom(ndimage.rotate(image, angle, order=1), factor,
                                order=1).astype(float)
    """),
    "label_ignores_diagonal": ("ndimage.label_objects", """
        def label_objects(mask, diagonal=False):
            labels, count = ndimage.label(mask)
            return labels, int(count)
    """),
    "label_count_as_max_plus_one": ("ndimage.label_objects", """
        def label_objects(mask, diagonal=False):
            structure = np.ones((3, 3), bool) if diagonal else None
            labels, count = ndimage.label(mask, structure=structure)
            return labels, int(labels.max()) + 1
    """),
    "boxes_inclusive_stop": ("ndimage.bounding_boxes", """
        def bounding_boxes(mask):
            labels, _ = ndimage.label(mask)
            return [((r.start, r.stop - 1), (c.start, c.stop - 1))
                    for r, c in ndimage.find_objects(labels)]
    """),
    "boxes_x_before_y": ("ndimage.bounding_boxes", """
        def bounding_boxes(mask):
            labels, _ = ndimage.label(mask)
            return [((c.start, c.stop), (r.start, r.stop))
                    for r, c in ndimage.find_objects(labels)]
    """),
    "boxes_as_lists": ("ndimage.bounding_boxes", """
        def bounding_boxes(mask):
            labels, _ = ndimage.label(mask)
            return [[[r.start, r.stop], [c.start, c.stop]]
                    for r, c in ndimage.find_objects(labels)]
    """),
    "measure_unweighted_centroids": ("ndimage.measure_objects", """
        def measure_objects(image, threshold, min_size):
            mask = image > threshold
            labels, count = ndimage.label(mask)
            areas = np.bincount(labels.ravel(), minlength=count + 1)[1:]
            kept = np.arange(1, count + 1)[areas >= min_size]
            centroids = np.array(ndimage.center_of_mass(mask, labels, kept), float)
            boxes = ndimage.find_objects(labels)
            return {"count": int(kept.size), "areas": areas[kept - 1],
                    "centroids": centroids.reshape(-1, 2),
                    "boxes": [((boxes[k - 1][0].start, boxes[k - 1][0].stop),
                               (boxes[k - 1][1].start, boxes[k - 1][1].stop)) for k in kept]}
    """),
    "measure_at_or_above_threshold": ("ndimage.measure_objects", """
        def measure_objects(image, threshold, min_size):
            labels, count = ndimage.label(image >= threshold)
            areas = np.bincount(labels.ravel(), minlength=count + 1)[1:]
            kept = np.arange(1, count + 1)[areas >= min_size]
            centroids = np.array(ndimage.center_of_mass(image, labels, kept), float)
            boxes = ndimage.find_objects(labels)
            return {"count": int(kept.size), "areas": areas[kept - 1],
                    "centroids": centroids.reshape(-1, 2),
                    "boxes": [((boxes[k - 1][0].start, boxes[k - 1][0].stop),
                               (boxes[k - 1][1].start, boxes[k - 1][1].stop)) for k in kept]}
    """),
    "measure_eight_connected": ("ndimage.measure_objects", """
        def measure_objects(image, threshold, min_size):
            labels, count = ndimage.label(image > threshold, structure=np.ones((3, 3)))
            areas = np.bincount(labels.ravel(), minlength=count + 1)[1:]
            kept = np.arange(1, count + 1)[areas >= min_size]
            centroids = np.array(ndimage.center_of_mass(image, labels, kept), float)
            boxes = ndimage.find_objects(labels)
            return {"count": int(kept.size), "areas": areas[kept - 1],
                    "centroids": centroids.reshape(-1, 2),
                    "boxes": [((boxes[k - 1][0].start, boxes[k - 1][0].stop),
                               (boxes[k - 1][1].start, boxes[k - 1][1].stop)) for k in kept]}
    """),
    "measure_strictly_larger_than_min_size": ("ndimage.measure_objects", """
        def measure_objects(image, threshold, min_size):
            labels, count = ndimage.label(image > threshold)
            areas = np.bincount(labels.ravel(), minlength=count + 1)[1:]
            kept = np.arange(1, count + 1)[areas > min_size]
            centroids = np.array(ndimage.center_of_mass(image, labels, kept), float)
            boxes = ndimage.find_objects(labels)
            return {"count": int(kept.size), "areas": areas[kept - 1],
                    "centroids": centroids.reshape(-1, 2),
                    "boxes": [((boxes[k - 1][0].start, boxes[k - 1][0].stop),
                               (boxes[k - 1][1].start, boxes[k - 1][1].stop)) for k in kept]}
    """),
    "measure_boxes_of_every_label": ("ndimage.measure_objects", """
        def measure_objects(image, threshold, min_size):
            labels, count = ndimage.label(image > threshold)
            areas = np.bincount(labels.ravel(), minlength=count + 1)[1:]
            kept = np.arange(1, count + 1)[areas >= min_size]
            centroids = np.array(ndimage.center_of_mass(image, labels, kept), float)
            return {"count": int(kept.size), "areas": areas[kept - 1],
                    "centroids": centroids.reshape(-1, 2),
                    "boxes": [((r.start, r.stop), (c.start, c.stop))
                              for r, c in ndimage.find_objects(labels)]}
    """),
    "measure_empty_centroids_flat": ("ndimage.measure_objects", """
        def measure_objects(image, threshold, min_size):
            labels, count = ndimage.label(image > threshold)
            areas = np.bincount(labels.ravel(), minlength=count + 1)[1:]
            kept = np.arange(1, count + 1)[areas >= min_size]
            centroids = np.array(ndimage.center_of_mass(image, labels, kept), float)
            boxes = ndimage.find_objects(labels)
            return {"count": int(kept.size), "areas": areas[kept - 1],
                    "centroids": centroids,
                    "boxes": [((boxes[k - 1][0].start, boxes[k - 1][0].stop),
                               (boxes[k - 1][1].start, boxes[k - 1][1].stop)) for k in kept]}
    """),
    "boxes_of_eight_connected_objects": ("ndimage.bounding_boxes", """
        def bounding_boxes(mask):
            labels, _ = ndimage.label(mask, structure=np.ones((3, 3), dtype=bool))
            return [((rows.start, rows.stop), (columns.start, columns.stop))
                    for rows, columns in ndimage.find_objects(labels)]
    """),
    "median_with_zero_padding": ("ndimage.remove_salt_and_pepper", """
        def remove_salt_and_pepper(image, size=3):
            return ndimage.median_filter(image, size=size, mode="constant")
    """),
    "grey_morphology_on_a_mask": ("ndimage.clean_mask", """
        def clean_mask(mask, size):
            opened = ndimage.grey_opening(mask.astype(np.uint8), size=(size, size))
            return ndimage.grey_closing(opened, size=(size, size)).astype(bool)
    """),
    "smooth_in_single_precision": ("ndimage.smooth_image", """
        def smooth_image(image, sigma):
            return ndimage.gaussian_filter(np.asarray(image, dtype=np.float32), sigma)
    """),
    "sobel_edges_zero_padded": ("ndimage.edge_magnitude", """
        def edge_magnitude(image):
            pixels = np.asarray(image, dtype=np.float64)
            return np.hypot(ndimage.sobel(pixels, axis=0, mode="constant"),
                            ndimage.sobel(pixels, axis=1, mode="constant"))
    """),
    "rotated_clockwise": ("ndimage.rotate_and_zoom", """
        def rotate_and_zoom(image, angle, factor):
            rotated = ndimage.rotate(np.asarray(image, dtype=float), -angle, order=1)
            return ndimage.zoom(rotated, factor, order=1)
    """),
    "measure_areas_as_float_sums": ("ndimage.measure_objects", """
        def measure_objects(image, threshold, min_size):
            labels, count = ndimage.label(image > threshold)
            every_label = np.arange(1, count + 1)
            areas = ndimage.sum_labels(np.ones_like(image), labels, every_label)
            kept = every_label[areas >= min_size]
            centroids = np.array(ndimage.center_of_mass(image, labels, kept), dtype=float)
            boxes = ndimage.find_objects(labels)
            return {"count": int(kept.size), "areas": areas[kept - 1],
                    "centroids": centroids.reshape(kept.size, 2),
                    "boxes": [((boxes[k - 1][0].start, boxes[k - 1][0].stop),
                               (boxes[k - 1][1].start, boxes[k - 1][1].stop)) for k in kept]}
    """),
    "measure_count_before_filtering": ("ndimage.measure_objects", """
        def measure_objects(image, threshold, min_size):
            labels, count = ndimage.label(image > threshold)
            every_label = np.arange(1, count + 1)
            areas = np.bincount(labels.ravel(), minlength=count + 1)[1:]
            kept = every_label[areas >= min_size]
            centroids = np.array(ndimage.center_of_mass(image, labels, kept), dtype=float)
            boxes = ndimage.find_objects(labels)
            return {"count": int(count), "areas": areas[kept - 1],
                    "centroids": centroids.reshape(kept.size, 2),
                    "boxes": [((boxes[k - 1][0].start, boxes[k - 1][0].stop),
                               (boxes[k - 1][1].start, boxes[k - 1][1].stop)) for k in kept]}
    """),
    "label_count_from_unique_values": ("ndimage.label_objects", """
        def label_objects(mask, diagonal=False):
            structure = np.ones((3, 3), dtype=bool) if diagonal else None
            labels, _ = ndimage.label(mask, structure=structure)
            return labels, len(np.unique(labels))
    """),
    "measure_areas_with_background_first": ("ndimage.measure_objects", """
        def measure_objects(image, threshold, min_size):
            labels, count = ndimage.label(image > threshold)
            _, areas = np.unique(labels, return_counts=True)
            kept = np.flatnonzero(areas[:count] >= min_size) + 1
            centroids = np.array(ndimage.center_of_mass(image, labels, kept), dtype=float)
            boxes = ndimage.find_objects(labels)
            return {"count": int(kept.size), "areas": areas[kept - 1],
                    "centroids": centroids.reshape(kept.size, 2),
                    "boxes": [((boxes[k - 1][0].start, boxes[k - 1][0].stop),
                               (boxes[k - 1][1].start, boxes[k - 1][1].stop)) for k in kept]}
    """),
    "smooth_mirror_mode": ("ndimage.smooth_image", """
        def smooth_image(image, sigma):
            # "mirror" does not repeat the edge pixel; the default "reflect" does.
            return ndimage.gaussian_filter(np.asarray(image, dtype=float), sigma, mode="mirror")
    """),
    "rotation_angle_in_radians": ("ndimage.rotate_and_zoom", """
        def rotate_and_zoom(image, angle, factor):
            rotated = ndimage.rotate(np.asarray(image, float), np.radians(angle), order=1)
            return ndimage.zoom(rotated, factor, order=1)
    """),
    "zoom_left_at_cubic_order": ("ndimage.rotate_and_zoom", """
        def rotate_and_zoom(image, angle, factor):
            return ndimage.zoom(ndimage.rotate(np.asarray(image, float), angle, order=1), factor)
    """),
}

ALTERNATIVES = {
    "smooth_with_output_dtype": ("ndimage.smooth_image", """
        def smooth_image(image, sigma):
            return ndimage.gaussian_filter(image, sigma, output=np.float64)
    """),
    "median_by_hand": ("ndimage.remove_salt_and_pepper", """
        def remove_salt_and_pepper(image, size=3):
            half = size // 2
            # scipy.ndimage's "reflect" mode is NumPy's "symmetric" padding.
            padded = np.pad(image, half, mode="symmetric")
            out = np.empty_like(image)
            for r in range(image.shape[0]):
                for c in range(image.shape[1]):
                    out[r, c] = np.median(padded[r:r + size, c:c + size])
            return out
    """),
    "gradient_magnitude_helper": ("ndimage.edge_magnitude", """
        def edge_magnitude(image):
            return ndimage.generic_gradient_magnitude(np.asarray(image, dtype=float),
                                                      ndimage.sobel)
    """),
    "sobel_kernels_by_convolve2d": ("ndimage.edge_magnitude", """
        from scipy import signal
        def edge_magnitude(image):
            # The docstring's border: "reflect" is convolve2d's boundary="symm".
            pixels = np.asarray(image, dtype=np.float64)
            kernel = np.outer([1.0, 2.0, 1.0], [1.0, 0.0, -1.0])
            d1 = signal.convolve2d(pixels, kernel, mode="same", boundary="symm")
            d0 = signal.convolve2d(pixels, kernel.T, mode="same", boundary="symm")
            return np.sqrt(d0 ** 2 + d1 ** 2)
    """),
    "erosions_and_dilations": ("ndimage.clean_mask", """
        def clean_mask(mask, size):
            square = np.ones((size, size), dtype=bool)
            opened = ndimage.binary_dilation(ndimage.binary_erosion(mask, square), square)
            return ndimage.binary_closing(opened, structure=square)
    """),
    "label_with_generated_structure": ("ndimage.label_objects", """
        def label_objects(mask, diagonal=False):
            structure = ndimage.generate_binary_structure(2, 2 if diagonal else 1)
            labels, count = ndimage.label(np.asarray(mask, dtype=bool), structure)
            return labels.astype(np.int64), count
    """),
    "label_by_flood_fill": ("ndimage.label_objects", """
        def label_objects(mask, diagonal=False):
            mask = np.asarray(mask, dtype=bool)
            labels = np.zeros(mask.shape, dtype=np.int64)
            steps = [(-1, 0), (1, 0), (0, -1), (0, 1)]
            if diagonal:
                steps += [(-1, -1), (-1, 1), (1, -1), (1, 1)]
            count = 0
            for start in zip(*np.nonzero(mask)):
                if labels[start]:
                    continue
                count += 1
                labels[start] = count
                stack = [start]
                while stack:
                    r, c = stack.pop()
                    for dr, dc in steps:
                        nr, nc = r + dr, c + dc
                        if (0 <= nr < mask.shape[0] and 0 <= nc < mask.shape[1]
                                and mask[nr, nc] and not labels[nr, nc]):
                            labels[nr, nc] = count
                            stack.append((nr, nc))
            return labels, count
    """),
    "boxes_from_nonzero": ("ndimage.bounding_boxes", """
        def bounding_boxes(mask):
            labels, count = ndimage.label(mask)
            boxes = []
            for k in range(1, count + 1):
                rows, columns = np.nonzero(labels == k)
                boxes.append(((int(rows.min()), int(rows.max()) + 1),
                              (int(columns.min()), int(columns.max()) + 1)))
            return boxes
    """),
    "measure_with_numpy": ("ndimage.measure_objects", """
        def measure_objects(image, threshold, min_size):
            labels, count = ndimage.label(image > threshold)
            areas, centroids, boxes = [], [], []
            for k in range(1, count + 1):
                rows, columns = np.nonzero(labels == k)
                if rows.size < min_size:
                    continue
                weights = image[rows, columns].astype(float)
                areas.append(rows.size)
                centroids.append((np.sum(weights * rows) / weights.sum(),
                                  np.sum(weights * columns) / weights.sum()))
                boxes.append(((int(rows.min()), int(rows.max()) + 1),
                              (int(columns.min()), int(columns.max()) + 1)))
            return {"count": len(areas), "areas": np.array(areas, dtype=int),
                    "centroids": np.array(centroids, dtype=float).reshape(len(areas), 2),
                    "boxes": boxes}
    """),
}


test_wrong_solution_loses_points, test_alternative_solution_passes = variant_tests(
    WRONG, ALTERNATIVES)


@pytest.mark.parametrize("seed", range(20))
def test_object_image_is_fair(seed):
    # The suite's expected measurements come from ndimage; this shows they find the objects
    # the image was made of, and that the traps (corner contact, specks, the object of
    # exactly min_size, brightness ramps) are really there.
    rng = np.random.default_rng(seed)
    min_size = int(rng.integers(4, 8))
    image, objects = object_image(rng, min_size=min_size)
    labels, count = scipy.ndimage.label(image > 0.5)
    areas = np.bincount(labels.ravel())[1:]
    assert int(np.sum(areas >= min_size)) == objects
    assert np.any(areas == min_size) and np.any(areas < min_size)
    assert scipy.ndimage.label(image > 0.5, structure=np.ones((3, 3)))[1] < count
    kept = [k + 1 for k in np.nonzero(areas >= min_size)[0]]
    weighted = np.array(scipy.ndimage.center_of_mass(image, labels, kept))
    plain = np.array(scipy.ndimage.center_of_mass(image > 0.5, labels, kept))
    assert np.max(np.abs(weighted - plain)) > 0.05


IN_FLOAT = "wrapped around in uint8: convert the image to float first"
test_wrong_solution_hears_the_advice_that_fits = advice_test(WRONG, {
    # A dtype the docstring names is reported as such, before any value.
    "median_widened_to_int64": "expected dtype uint8, got dtype int64",
    "smooth_in_float32": "expected dtype float64, got dtype float32",
    "sobel_on_uint8": IN_FLOAT,
}, {"sobel_sum_of_absolutes": IN_FLOAT, "sobel_one_axis": IN_FLOAT})
