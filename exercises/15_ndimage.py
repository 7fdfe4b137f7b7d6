"""Image processing with scipy.ndimage: filters, edges, morphology, labels, measurements.

Images are NumPy arrays indexed [row, column], row 0 at the top. The last exercise
counts and measures the bright objects in an image.

Import what you need at the top of the file (for example `from scipy import ndimage`),
then fill in each function and run `course check ndimage`.
"""

from __future__ import annotations

import numpy as np

# ((row_start, row_stop), (column_start, column_stop)), stops excluded, as for slices.
Box = tuple[tuple[int, int], tuple[int, int]]


def smooth_image(image: np.ndarray, sigma: float | tuple[float, float]) -> np.ndarray:
    """Blur a grey image with a Gaussian filter of standard deviation `sigma` pixels.

    `sigma` is one number for both axes, or (rows, columns). Use SciPy's Gaussian filter
    and its default kernel, cut off at 4 standard deviations. Pixels beyond the edges are
    the image reflected about its border (SciPy's default mode, "reflect"; SciPy's
    "mirror" mode is a different one). The image may be of any numeric dtype, uint8
    included: the result is a float64 array of the same shape, never rounded to whole
    numbers.

    >>> smooth_image(np.eye(3, dtype=np.uint8) * 255, 1.0).dtype
    dtype('float64')
    """
    # TODO: convert the image to float64 first (a filter keeps the input's dtype, so a
    #       uint8 image would come back rounded).
    # TODO: blur it with scipy.ndimage's Gaussian filter.
    raise NotImplementedError


def remove_salt_and_pepper(image: np.ndarray, size: int = 3) -> np.ndarray:
    """Remove isolated black and white specks from a grey image with a median filter.

    Each pixel becomes the median of the `size` x `size` square around it (beyond the
    edges the image is reflected about its border: SciPy's default mode, "reflect").
    Returns an array of the same shape and dtype as `image`.

    >>> speckled = np.full((5, 5), 100, dtype=np.uint8)
    >>> speckled[2, 2] = 255
    >>> int(remove_salt_and_pepper(speckled)[2, 2])
    100
    """
    # TODO: apply scipy.ndimage's median filter over a size x size neighbourhood.
    raise NotImplementedError


def edge_magnitude(image: np.ndarray) -> np.ndarray:
    """Return the strength of the edges in a grey image, from Sobel derivatives.

    Compute the Sobel derivative (scipy.ndimage.sobel: the unnormalised [-1, 0, 1]
    difference, smoothed by [1, 2, 1] across it) along the rows (axis 0) and along the
    columns (axis 1) in floating point (so uint8 input cannot wrap around), and combine
    them as sqrt(d0**2 + d1**2). Pixels beyond the edges are the image reflected about
    its border (SciPy's default mode, "reflect"), not zeros. Returns a float64 array of
    the image's shape.

    >>> step = np.zeros((4, 4), dtype=np.uint8)
    >>> step[:, 2:] = 10
    >>> edge_magnitude(step)[0]
    array([ 0., 40., 40.,  0.])
    """
    # TODO: convert the image to float64 (Sobel on uint8 wraps around).
    # TODO: take the Sobel derivative along each of the two axes.
    # TODO: combine them into one magnitude per pixel.
    raise NotImplementedError


def clean_mask(mask: np.ndarray, size: int) -> np.ndarray:
    """Tidy a binary mask: remove small specks, then fill small holes and gaps.

    First a binary opening, then a binary closing, both with a `size` x `size` square of
    True as the structuring element (SciPy's defaults otherwise). Returns a bool array of
    the mask's shape.

    >>> mask = np.zeros((7, 7), dtype=bool)
    >>> mask[0, 0] = True                          # a speck: gone after the opening
    >>> int(clean_mask(mask, 2).sum())
    0
    """
    # TODO: make a size x size square structuring element of True.
    # TODO: apply a binary opening with it, then a binary closing, with scipy.ndimage.
    raise NotImplementedError


def rotate_and_zoom(image: np.ndarray, angle: float, factor: float) -> np.ndarray:
    """Rotate a grey image by `angle` degrees, then scale it by `factor`.

    Work in float64. Rotate counter-clockwise (as `scipy.ndimage.rotate` does for a
    positive angle) with the output enlarged to hold the whole rotated image, then
    zoom by `factor` along both axes; use linear interpolation (spline order 1) for
    both steps and SciPy's defaults otherwise (outside pixels are 0).
    Returns a float64 array; its shape follows from the rotation and the zoom.

    >>> rotate_and_zoom(np.ones((10, 20)), 90.0, 0.5).shape
    (10, 5)
    """
    # TODO: convert the image to float64.
    # TODO: rotate it, enlarging the output to hold the whole result, with linear
    #       interpolation.
    # TODO: zoom the rotated image by `factor`, also with linear interpolation.
    raise NotImplementedError


def label_objects(mask: np.ndarray, diagonal: bool = False) -> tuple[np.ndarray, int]:
    """Give every connected object of a binary mask its own number.

    Pixels are connected through their edges (4 neighbours), or also through their
    corners (8 neighbours) when `diagonal` is True. Returns (labels, count): an integer
    array of the mask's shape with 0 for the background and 1..count for the objects
    (numbered in the order their first pixel appears, row by row), and count as an int.

    >>> labels, count = label_objects(np.array([[1, 0, 0], [0, 1, 1]]))
    >>> labels, count
    (array([[1, 0, 0],
           [0, 2, 2]], dtype=int32), 2)
    """
    # TODO: choose the structuring element: SciPy's default connects edge neighbours only;
    #       a 3x3 square of True also connects corners.
    # TODO: label the mask with scipy.ndimage and return the labels and the count (an int).
    raise NotImplementedError


def bounding_boxes(mask: np.ndarray) -> list[Box]:
    """Return the bounding box of every object (4-connected) of a binary mask.

    One box per object, in the order of `label_objects`: ((row_start, row_stop),
    (column_start, column_stop)) as Python ints, stops excluded, so that
    image[row_start:row_stop, column_start:column_stop] is the smallest rectangle holding
    the object. An empty mask gives [].

    >>> bounding_boxes(np.array([[0, 1, 1], [0, 0, 1], [1, 0, 0]]))
    [((0, 2), (1, 3)), ((2, 3), (0, 1))]
    """
    # TODO: label the mask, then ask scipy.ndimage for each object's slices.
    # TODO: turn every slice into a (start, stop) pair of ints: slices cannot be returned.
    raise NotImplementedError


def measure_objects(image: np.ndarray, threshold: float, min_size: int) -> dict:
    """Count and measure the bright objects of a grey image.

    An object is a 4-connected group of pixels brighter than `threshold` (strictly
    greater). Objects with fewer than `min_size` pixels are noise: leave them out. The
    rest keep the order of `label_objects`. Returns a dict:

    - "count": the number of objects, an int;
    - "areas": their sizes in pixels, an integer array of shape (count,);
    - "centroids": their centres of mass as (row, column), weighted by the image's
      brightness over each object's pixels, a float64 array of shape (count, 2);
    - "boxes": their bounding boxes, a list of ((row_start, row_stop),
      (column_start, column_stop)) as in `bounding_boxes`.

    >>> image = np.zeros((5, 6))
    >>> image[1:3, 1:3] = [[1.0, 3.0], [1.0, 3.0]]
    >>> image[4, 5] = 9.0                          # one pixel: too small
    >>> found = measure_objects(image, 0.5, 2)
    >>> found["count"], found["areas"], found["centroids"], found["boxes"]
    (1, array([4]), array([[1.5 , 1.75]]), [((1, 3), (1, 3))])
    """
    # TODO: label the pixels brighter than the threshold (4-connected).
    # TODO: count the pixels of each label and keep the labels with at least min_size.
    # TODO: for the kept labels, compute the brightness-weighted centres of mass and the
    #       bounding boxes with scipy.ndimage.
    # TODO: return the dict described above, with the shapes it gives even when no
    #       object is kept.
    raise NotImplementedError
