"""Suite for topic 15, ndimage."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.ndimage

from checker.expect import (
    exercise,
    expect_array,
    expect_equal,
    expect_int,
    expect_value,
)


def textured_image(rng: np.random.Generator, shape: tuple[int, int]) -> np.ndarray:
    """A uint8 grey image with smooth shading, a few sharp-edged rectangles and noise."""
    rows, columns = np.indices(shape)
    image = 60 + 40 * np.sin(rows / rng.uniform(3, 8)) * np.cos(columns / rng.uniform(3, 8))
    for _ in range(3):
        top, left = rng.integers(0, shape[0] - 4), rng.integers(0, shape[1] - 4)
        height, width = rng.integers(3, 12, size=2)
        image[top:top + height, left:left + width] += rng.uniform(60, 120)
    image += rng.normal(0, 6, shape)
    return np.clip(np.rint(image), 0, 255).astype(np.uint8)


def blob_mask(rng: np.random.Generator, shape: tuple[int, int], count: int) -> np.ndarray:
    """A bool mask of `count` random discs and rectangles (which may touch or overlap)."""
    rows, columns = np.indices(shape)
    mask = np.zeros(shape, dtype=bool)
    for _ in range(count):
        centre = rng.uniform(0, shape[0]), rng.uniform(0, shape[1])
        radius = rng.uniform(2, 7)
        if rng.random() < 0.5:
            mask |= (rows - centre[0]) ** 2 + (columns - centre[1]) ** 2 <= radius ** 2
        else:
            mask |= ((np.abs(rows - centre[0]) <= radius)
                     & (np.abs(columns - centre[1]) <= radius / 2))
    return mask


def object_image(rng: np.random.Generator, shape: tuple[int, int] = (80, 100),
                 count: int = 8, min_size: int = 6) -> tuple[np.ndarray, int]:
    """A float grey image of separate bright objects on a dim, noisy background.

    Returns (image, number of real objects). Every object is an ellipse brighter on one
    side (so its brightness-weighted centre differs from its plain centre), at least 8
    pixels from any other. Besides them: single-pixel and two-pixel specks (noise,
    smaller than `min_size`), an object of exactly `min_size` pixels (it counts), and
    two squares that touch only at a corner (two objects with 4-connectivity).
    Threshold 0.5 separates objects from background.
    """
    rows, columns = np.indices(shape)
    image = 0.1 + 0.04 * rng.standard_normal(shape)
    image = np.clip(image, 0.0, 0.3)
    taken = np.zeros(shape, dtype=bool)

    def free(region: np.ndarray) -> bool:
        grown = scipy.ndimage.binary_dilation(region, iterations=4)
        return not np.any(grown & taken)

    def place(region: np.ndarray, values: np.ndarray | float) -> None:
        nonlocal taken
        image[region] = values[region] if isinstance(values, np.ndarray) else values
        taken |= scipy.ndimage.binary_dilation(region, iterations=4)

    # Two squares meeting at one corner, in the top-left corner of the image.
    square_a = (rows >= 2) & (rows < 6) & (columns >= 2) & (columns < 6)
    square_b = (rows >= 6) & (rows < 10) & (columns >= 6) & (columns < 10)
    place(square_a, 0.8)
    place(square_b, 0.9)
    objects = 2
    # An object of exactly min_size pixels: a row of them, bottom-left.
    place((rows == shape[0] - 3) & (columns >= 2) & (columns < 2 + min_size), 0.7)
    objects += 1
    attempts = 0
    while objects < count + 3 and attempts < 500:
        attempts += 1
        centre_r, centre_c = rng.uniform(6, shape[0] - 6), rng.uniform(6, shape[1] - 6)
        radius_r, radius_c = rng.uniform(2.5, 7), rng.uniform(2.5, 7)
        region = ((rows - centre_r) / radius_r) ** 2 + ((columns - centre_c) / radius_c) ** 2 <= 1
        if region.sum() < min_size + 4 or not free(region):
            continue
        direction = rng.uniform(0, 2 * np.pi)
        ramp = (np.cos(direction) * (rows - centre_r) / radius_r
                + np.sin(direction) * (columns - centre_c) / radius_c)
        place(region, 0.75 + 0.2 * ramp + 0.02 * rng.standard_normal(shape))
        objects += 1
    specks = 0
    while specks < 5 and attempts < 1000:
        attempts += 1
        r, c = int(rng.integers(0, shape[0] - 1)), int(rng.integers(0, shape[1] - 2))
        region = (rows == r) & (columns >= c) & (columns < c + 1 + specks % 2)
        if free(region):
            place(region, 0.95)
            specks += 1
    return image, objects


def _boxes(labels: np.ndarray, keep: list[int] | None = None) -> list:
    found = scipy.ndimage.find_objects(labels)
    chosen = range(1, len(found) + 1) if keep is None else keep
    return [((found[k - 1][0].start, found[k - 1][0].stop),
             (found[k - 1][1].start, found[k - 1][1].stop)) for k in chosen]


def _reference_measure(image: np.ndarray, threshold: float, min_size: int) -> dict:
    labels, count = scipy.ndimage.label(image > threshold)
    areas = np.bincount(labels.ravel(), minlength=count + 1)[1:]
    kept = [k for k in range(1, count + 1) if areas[k - 1] >= min_size]
    centroids = np.array(scipy.ndimage.center_of_mass(image, labels, kept), dtype=float)
    return {
        "count": len(kept),
        "areas": np.array([areas[k - 1] for k in kept], dtype=np.int64),
        "centroids": centroids.reshape(len(kept), 2),
        "boxes": _boxes(labels, kept),
    }


# -- smooth_image ----------------------------------------------------------------------------

@exercise("ndimage.smooth_image")
@pytest.mark.parametrize("sigma", [1.0, 2.5])
def test_smooth_image_uint8(learner, rng, sigma):
    image = textured_image(rng, (30, 40))
    expected = scipy.ndimage.gaussian_filter(image.astype(float), sigma)
    got = learner.smooth_image(image, sigma)
    expect_array(got, expected, shape=image.shape, dtype="float64", rtol=1e-9, atol=1e-9,
                 what=f"smooth_image of a 30x40 uint8 image, sigma {sigma} (not rounded)")


@exercise("ndimage.smooth_image")
def test_smooth_image_two_sigmas(learner, rng):
    image = rng.standard_normal((25, 35))
    expected = scipy.ndimage.gaussian_filter(image, (1.0, 3.0))
    expect_array(learner.smooth_image(image, (1.0, 3.0)), expected, shape=image.shape,
                 dtype="float64", rtol=1e-9, atol=1e-12,
                 what="smooth_image of a random float image, sigma (1.0 rows, 3.0 columns)")


# -- remove_salt_and_pepper ------------------------------------------------------------------

@exercise("ndimage.remove_salt_and_pepper")
@pytest.mark.parametrize("size", [3, 5])
def test_remove_salt_and_pepper(learner, rng, size):
    image = textured_image(rng, (32, 32))
    noisy = image.copy()
    specks = rng.random(image.shape)
    noisy[specks < 0.04] = 0
    noisy[specks > 0.96] = 255
    expected = scipy.ndimage.median_filter(noisy, size=size)
    expect_array(learner.remove_salt_and_pepper(noisy, size), expected, shape=image.shape,
                 dtype="uint8", rtol=0, atol=0,
                 what=f"remove_salt_and_pepper of a 32x32 uint8 image with 8 % specks, "
                      f"size {size}")


@exercise("ndimage.remove_salt_and_pepper")
def test_remove_salt_and_pepper_default_size(learner, rng):
    noisy = rng.uniform(0, 1, (20, 24))
    expected = scipy.ndimage.median_filter(noisy, size=3)
    expect_array(learner.remove_salt_and_pepper(noisy), expected, shape=noisy.shape,
                 dtype="float64", rtol=0, atol=0,
                 what="remove_salt_and_pepper of a float image with the default size")


# -- edge_magnitude --------------------------------------------------------------------------

def _reference_edges(image: np.ndarray) -> np.ndarray:
    pixels = image.astype(float)
    return np.hypot(scipy.ndimage.sobel(pixels, axis=0), scipy.ndimage.sobel(pixels, axis=1))


def _wrapped_around(got, expected: np.ndarray) -> bool:
    """Whether `got` looks like edges whose derivatives were taken in uint8: each is then
    at most 255, so their magnitude at most 255 * sqrt(2), where the true edges go higher."""
    limit = 255.0 * np.sqrt(2.0) + 1e-6
    return (isinstance(got, np.ndarray) and got.shape == expected.shape
            and got.dtype.kind in "iuf" and float(np.max(expected)) > limit
            and bool(np.all(np.abs(got) <= limit)))


@exercise("ndimage.edge_magnitude")
def test_edge_magnitude_uint8(learner, rng):
    image = textured_image(rng, (30, 36))
    got = learner.edge_magnitude(image)
    expected = _reference_edges(image)
    # Only a wrap-around hears about it: other mistakes show on uint8 images as well.
    advice = (" (these derivatives wrapped around in uint8: convert the image to float "
              "first)" if _wrapped_around(got, expected) else "")
    expect_array(got, expected, shape=image.shape,
                 dtype_kind="f", rtol=1e-9, atol=1e-9,
                 what=f"edge_magnitude of a 30x36 uint8 image{advice}")


@exercise("ndimage.edge_magnitude")
def test_edge_magnitude_float(learner, rng):
    image = rng.standard_normal((20, 20))
    expect_array(learner.edge_magnitude(image), _reference_edges(image), shape=image.shape,
                 dtype_kind="f", rtol=1e-9, atol=1e-9,
                 what="edge_magnitude of a random 20x20 float image")


@exercise("ndimage.edge_magnitude")
@pytest.mark.parametrize("direction", ["vertical", "horizontal"])
def test_edge_magnitude_step(learner, rng, direction):
    image = np.zeros((12, 12))
    position = int(rng.integers(3, 9))
    if direction == "vertical":
        image[:, position:] = 5.0
    else:
        image[position:, :] = 5.0
    expect_array(learner.edge_magnitude(image), _reference_edges(image), shape=image.shape,
                 dtype_kind="f", rtol=1e-9, atol=1e-9,
                 what=f"edge_magnitude of a {direction} step edge at {position}")


# -- clean_mask ------------------------------------------------------------------------------

@exercise("ndimage.clean_mask")
@pytest.mark.parametrize("size", [2, 3, 5])
def test_clean_mask(learner, rng, size):
    mask = blob_mask(rng, (40, 50), 6)
    flips = rng.random(mask.shape) < 0.04
    noisy = mask ^ flips
    square = np.ones((size, size), dtype=bool)
    expected = scipy.ndimage.binary_closing(scipy.ndimage.binary_opening(noisy, square), square)
    expect_array(learner.clean_mask(noisy, size), expected, shape=mask.shape, dtype_kind="b",
                 what=f"clean_mask of a 40x50 mask of blobs with 4 % of pixels flipped, "
                      f"size {size}")


@exercise("ndimage.clean_mask")
def test_clean_mask_speck_and_hole(learner):
    mask = np.zeros((15, 15), dtype=bool)
    mask[3:12, 3:12] = True
    mask[7, 7] = False                    # a hole inside the square
    mask[1, 13] = True                    # a speck outside it
    square = np.ones((3, 3), dtype=bool)
    expected = scipy.ndimage.binary_closing(scipy.ndimage.binary_opening(mask, square), square)
    expect_array(learner.clean_mask(mask, 3), expected, shape=mask.shape, dtype_kind="b",
                 what="clean_mask(size 3) of a 9x9 square with a one-pixel hole and a speck")


# -- rotate_and_zoom -------------------------------------------------------------------------

def _reference_rotate_zoom(image: np.ndarray, angle: float, factor: float) -> np.ndarray:
    rotated = scipy.ndimage.rotate(image.astype(float), angle, reshape=True, order=1)
    return scipy.ndimage.zoom(rotated, factor, order=1)


@exercise("ndimage.rotate_and_zoom")
@pytest.mark.parametrize("angle, factor", [(90.0, 0.5), (30.0, 2.0), (-45.0, 1.5)])
def test_rotate_and_zoom(learner, rng, angle, factor):
    image = rng.uniform(0, 1, (int(rng.integers(12, 20)), int(rng.integers(20, 30))))
    expected = _reference_rotate_zoom(image, angle, factor)
    expect_array(learner.rotate_and_zoom(image, angle, factor), expected,
                 shape=expected.shape, dtype_kind="f", rtol=1e-7, atol=1e-9,
                 what=f"rotate_and_zoom of a random {image.shape[0]}x{image.shape[1]} image, "
                      f"angle {angle}, factor {factor}")


@exercise("ndimage.rotate_and_zoom")
def test_rotate_and_zoom_uint8(learner, rng):
    image = textured_image(rng, (16, 22))
    angle = round(float(rng.uniform(10, 80)), 2)
    expected = _reference_rotate_zoom(image, angle, 1.25)
    expect_array(learner.rotate_and_zoom(image, angle, 1.25), expected, shape=expected.shape,
                 dtype_kind="f", rtol=1e-7, atol=1e-9,
                 what=f"rotate_and_zoom of a 16x22 uint8 image, angle {angle}, factor 1.25 "
                      "(in float64, not rounded)")


# -- label_objects ---------------------------------------------------------------------------

@exercise("ndimage.label_objects")
@pytest.mark.parametrize("diagonal", [False, True])
def test_label_objects(learner, rng, diagonal):
    mask = rng.random((25, 30)) < 0.45
    structure = np.ones((3, 3), dtype=bool) if diagonal else None
    labels, count = scipy.ndimage.label(mask, structure=structure)
    result = learner.label_objects(mask, diagonal=diagonal)
    expect_equal(type(result).__name__, "tuple", what="label_objects returns a tuple")
    got_labels, got_count = result
    what = f"label_objects of a random 25x30 mask, diagonal={diagonal}"
    expect_int(got_count, count, what=f"the count of {what}")
    expect_array(got_labels, labels, shape=mask.shape, dtype_kind="i", rtol=0, atol=0,
                 what=f"the labels of {what}")


@exercise("ndimage.label_objects")
def test_label_objects_corners(learner):
    mask = np.array([[1, 0, 1, 0],
                     [0, 1, 0, 0],
                     [0, 0, 0, 1],
                     [1, 1, 0, 1]], dtype=bool)
    for diagonal, count in ((False, 5), (True, 3)):
        structure = np.ones((3, 3), dtype=bool) if diagonal else None
        labels, _ = scipy.ndimage.label(mask, structure=structure)
        got_labels, got_count = learner.label_objects(mask, diagonal)
        what = f"label_objects of pixels that touch only at corners, diagonal={diagonal}"
        expect_int(got_count, count, what=f"the count of {what}")
        expect_array(got_labels, labels, shape=mask.shape, dtype_kind="i", rtol=0, atol=0,
                     what=f"the labels of {what}")


@exercise("ndimage.label_objects")
def test_label_objects_empty(learner):
    got_labels, got_count = learner.label_objects(np.zeros((4, 5), dtype=bool))
    expect_int(got_count, 0, what="the count of an empty mask")
    expect_array(got_labels, np.zeros((4, 5), dtype=np.int32), dtype_kind="i", rtol=0, atol=0,
                 what="the labels of an empty mask")


# -- bounding_boxes --------------------------------------------------------------------------

@exercise("ndimage.bounding_boxes")
def test_bounding_boxes(learner, rng):
    mask = blob_mask(rng, (40, 50), int(rng.integers(4, 9)))
    labels, _ = scipy.ndimage.label(mask)
    expect_value(learner.bounding_boxes(mask), _boxes(labels),
                 what="bounding_boxes of a 40x50 mask of random blobs")


@exercise("ndimage.bounding_boxes")
@pytest.mark.parametrize("case", ["empty", "full", "edges",
                                  "squares touching at a corner (two 4-connected objects)"])
def test_bounding_boxes_edge_cases(learner, case):
    mask = np.zeros((6, 8), dtype=bool)
    if case == "full":
        mask[:] = True
    elif case == "edges":
        mask[0, 2:5] = True        # touches the top
        mask[3:, 7] = True         # touches the right side and the bottom
        mask[5, 0] = True          # a corner pixel
    elif case.startswith("squares"):
        # Only diagonal neighbours link them: one box with 8-connectivity, two with 4.
        mask[1:3, 1:3] = True
        mask[3:5, 3:6] = True
    labels, _ = scipy.ndimage.label(mask)
    expect_value(learner.bounding_boxes(mask), _boxes(labels),
                 what=f"bounding_boxes of a 6x8 mask: {case}")


# -- measure_objects -------------------------------------------------------------------------

def _check_measurements(got: object, expected: dict, what: str) -> None:
    expect_equal(type(got).__name__, "dict", what=f"{what}: the result")
    expect_value(sorted(got), sorted(expected), what=f"{what}: the keys")
    expect_int(got["count"], expected["count"], what=f"{what}: the count")
    count = expected["count"]
    expect_array(got["areas"], expected["areas"], shape=(count,), dtype_kind="i",
                 rtol=0, atol=0, what=f"{what}: the areas")
    expect_array(got["centroids"], expected["centroids"], shape=(count, 2), dtype_kind="f",
                 rtol=1e-9, atol=1e-9, what=f"{what}: the (row, column) centroids")
    expect_value(got["boxes"], expected["boxes"], what=f"{what}: the boxes")


@exercise("ndimage.measure_objects")
def test_measure_objects(learner, rng):
    min_size = int(rng.integers(4, 8))
    image, _ = object_image(rng, min_size=min_size)
    _check_measurements(learner.measure_objects(image, 0.5, min_size),
                        _reference_measure(image, 0.5, min_size),
                        f"measure_objects(image, 0.5, {min_size}) of an 80x100 image of "
                        "objects and specks")


@exercise("ndimage.measure_objects")
def test_measure_objects_uint8_threshold_on_pixels(learner, rng):
    # Brightness steps of 1: many pixels equal the threshold exactly, and are not "brighter".
    image, _ = object_image(rng, shape=(60, 70), count=6, min_size=5)
    pixels = np.clip(np.rint(image * 160), 0, 255).astype(np.uint8)
    _check_measurements(learner.measure_objects(pixels, 128, 5),
                        _reference_measure(pixels, 128, 5),
                        "measure_objects(image, 128, 5) of a uint8 image with pixels equal "
                        "to the threshold")


@exercise("ndimage.measure_objects")
def test_measure_objects_nothing_there(learner, rng):
    image = rng.uniform(0, 0.4, (20, 30))
    image[5, 5] = 1.0                       # a lone speck, below min_size
    _check_measurements(learner.measure_objects(image, 0.5, 3),
                        _reference_measure(image, 0.5, 3),
                        "measure_objects of a dark image with one speck (no objects)")
