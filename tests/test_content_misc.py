"""Wrong solutions for misc lose points; correct ones written another way pass."""

from __future__ import annotations

import numpy as np
import pytest

from checker.callables import misc as stand_ins
from tests.conftest import variant_tests

WRONG = {
    "status_without_fresh_import": ("misc.misc_status", """
        def misc_status():
            # Right the first time only: a second import finds the module loaded, silently.
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                import scipy.misc as misc
            warns = any(issubclass(w.category, DeprecationWarning) for w in caught)
            return warns, sorted(n for n in dir(misc)
                                 if not n.startswith("_") and callable(getattr(misc, n)))
    """),
    "status_from_old_docs": ("misc.misc_status", """
        def misc_status():
            return False, ["ascent", "central_diff_weights", "derivative", "electrocardiogram",
                           "face"]
    """),
    "status_counts_modules_too": ("misc.misc_status", """
        def misc_status():
            sys.modules.pop("scipy.misc", None)
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                misc = importlib.import_module("scipy.misc")
            warns = any(issubclass(w.category, DeprecationWarning) for w in caught)
            return warns, sorted(n for n in dir(misc) if not n.startswith("_"))
    """),
    "face_in_colour": ("misc.legacy_datasets", """
        def legacy_datasets(load_ascent=datasets.ascent, load_face=datasets.face,
                            load_ecg=datasets.electrocardiogram):
            return {"ascent": load_ascent(), "face_gray": load_face(),
                    "electrocardiogram": load_ecg()}
    """),
    "grey_by_channel_mean": ("misc.legacy_datasets", """
        def legacy_datasets(load_ascent=datasets.ascent, load_face=datasets.face,
                            load_ecg=datasets.electrocardiogram):
            grey = load_face().mean(axis=2).astype(np.uint8)
            return {"ascent": load_ascent(), "face_gray": grey,
                    "electrocardiogram": load_ecg()}
    """),
    "ascent_as_float": ("misc.legacy_datasets", """
        def legacy_datasets(load_ascent=datasets.ascent, load_face=datasets.face,
                            load_ecg=datasets.electrocardiogram):
            return {"ascent": load_ascent().astype(float), "face_gray": load_face(gray=True),
                    "electrocardiogram": load_ecg()}
    """),
    "counts_as_floats": ("misc.exact_counts", """
        def exact_counts(n, k):
            return special.factorial(n), special.comb(n, k)
    """),
    "counts_rounded_from_floats": ("misc.exact_counts", """
        def exact_counts(n, k):
            return int(special.factorial(n)), int(round(special.comb(n, k)))
    """),
    "counts_permutations_not_combinations": ("misc.exact_counts", """
        def exact_counts(n, k):
            return special.factorial(n, exact=True), special.perm(n, k, exact=True)
    """),
    "old_misc_default_step": ("misc.derivative_values", """
        def derivative_values(f, x):
            x = np.asarray(x, dtype=float)
            df = (f(x + 1.0) - f(x - 1.0)) / 2.0
            return df, np.isfinite(df)
    """),
    "forward_difference": ("misc.derivative_values", """
        def derivative_values(f, x):
            x = np.asarray(x, dtype=float)
            df = (f(x + 1e-6) - f(x)) / 1e-6
            return df, np.isfinite(df)
    """),
    "converged_always_true": ("misc.derivative_values", """
        def derivative_values(f, x):
            result = differentiate.derivative(f, x)
            return result.df, np.ones(np.shape(x), dtype=bool)
    """),
    "result_object_returned": ("misc.derivative_values", """
        def derivative_values(f, x):
            result = differentiate.derivative(f, x)
            return result, result.success
    """),
    "imread_floats": ("misc.read_png_rgb", """
        import matplotlib.pyplot as plt
        def read_png_rgb(file_name):
            return plt.imread(file_name)[..., :3]
    """),
    "pixels_widened_to_int64": ("misc.read_png_rgb", """
        def read_png_rgb(file_name):
            with Image.open(file_name) as picture:
                return np.asarray(picture.convert("RGB"), dtype=np.int64)
    """),
    "imread_keeps_alpha": ("misc.read_png_rgb", """
        def read_png_rgb(file_name):
            return np.asarray(Image.open(file_name))
    """),
    "thumbnail_cubic_zoom": ("misc.save_thumbnail", """
        def save_thumbnail(file_name, factor, load_face=datasets.face):
            face = load_face(gray=True).astype(np.float64)
            small = np.clip(np.rint(ndimage.zoom(face, factor)), 0, 255).astype(np.uint8)
            Image.fromarray(small).save(file_name)
            return small.shape
    """),
    "thumbnail_contrast_stretched": ("misc.save_thumbnail", """
        import matplotlib.pyplot as plt
        def save_thumbnail(file_name, factor, load_face=datasets.face):
            face = load_face(gray=True).astype(np.float64)
            small = np.clip(np.rint(ndimage.zoom(face, factor, order=1)), 0, 255)
            plt.imsave(file_name, small.astype(np.uint8), cmap="gray")
            return small.shape
    """),
    "thumbnail_of_colour_face": ("misc.save_thumbnail", """
        def save_thumbnail(file_name, factor, load_face=datasets.face):
            face = load_face().astype(np.float64)
            small = ndimage.zoom(face, (factor, factor, 1), order=1)
            small = np.clip(np.rint(small), 0, 255).astype(np.uint8)
            Image.fromarray(small).save(file_name)
            return small.shape[:2]
    """),
    "thumbnail_shape_columns_first": ("misc.save_thumbnail", """
        def save_thumbnail(file_name, factor, load_face=datasets.face):
            face = load_face(gray=True).astype(np.float64)
            small = np.clip(np.rint(ndimage.zoom(face, factor, order=1)), 0, 255)
            Image.fromarray(small.astype(np.uint8)).save(file_name)
            return small.shape[1], small.shape[0]
    """),
    "thumbnail_saved_as_jpeg": ("misc.save_thumbnail", """
        def save_thumbnail(file_name, factor, load_face=datasets.face):
            face = load_face(gray=True).astype(np.float64)
            small = np.clip(np.rint(ndimage.zoom(face, factor, order=1)), 0, 255)
            Image.fromarray(small.astype(np.uint8)).save(file_name, format="JPEG")
            return small.shape
    """),
    "thumbnail_truncated_not_rounded": ("misc.save_thumbnail", """
        def save_thumbnail(file_name, factor, load_face=datasets.face):
            face = load_face(gray=True).astype(np.float64)
            small = ndimage.zoom(face, factor, order=1).astype(np.uint8)
            Image.fromarray(small).save(file_name)
            return small.shape
    """),
    "thumbnail_rounded_up": ("misc.save_thumbnail", """
        def save_thumbnail(file_name, factor, load_face=datasets.face):
            face = load_face(gray=True).astype(np.float64)
            small = np.ceil(ndimage.zoom(face, factor, order=1)).astype(np.uint8)
            Image.fromarray(small).save(file_name)
            return small.shape
    """),
    "thumbnail_resized_by_pillow": ("misc.save_thumbnail", """
        def save_thumbnail(file_name, factor, load_face=datasets.face):
            picture = Image.fromarray(load_face(gray=True))
            rows, columns = picture.height, picture.width
            shape = (round(rows * factor), round(columns * factor))
            picture.resize((shape[1], shape[0]), Image.BILINEAR).save(file_name)
            return shape
    """),
    "imread_grey_left_two_dimensional": ("misc.read_png_rgb", """
        def read_png_rgb(file_name):
            with Image.open(file_name) as picture:
                pixels = np.asarray(picture)
            return pixels[..., :3] if pixels.ndim == 3 else pixels
    """),
    "comb_without_exact": ("misc.exact_counts", """
        def exact_counts(n, k):
            return int(special.factorial(n, exact=True)), int(round(special.comb(n, k)))
    """),
    "derivative_nan_replaced_by_zero": ("misc.derivative_values", """
        def derivative_values(f, x):
            result = differentiate.derivative(f, np.asarray(x, dtype=np.float64))
            return np.nan_to_num(result.df), np.asarray(result.success, dtype=bool)
    """),
    "converged_where_df_is_finite": ("misc.derivative_values", """
        def derivative_values(f, x):
            # A finite last estimate is not a converged one (a vertical tangent).
            result = differentiate.derivative(f, np.asarray(x, dtype=np.float64))
            df = np.asarray(result.df, dtype=np.float64)
            return df, np.isfinite(df)
    """),
    "fixed_step_difference_trusted_where_finite": ("misc.derivative_values", """
        def derivative_values(f, x):
            x = np.asarray(x, dtype=float)
            step = 1e-5
            with np.errstate(invalid="ignore"):
                df = (f(x + step) - f(x - step)) / (2 * step)
            # No convergence test at all: a finite quotient is taken for a derivative.
            return df, np.isfinite(df)
    """),
}

ALTERNATIVES = {
    "status_with_reload": ("misc.misc_status", """
        def misc_status():
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    import scipy.misc
                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always")
                    module = importlib.reload(scipy.misc)
            except ImportError:
                return True, []
            names = [n for n, v in vars(module).items() if callable(v) and n[0] != "_"]
            return any(w.category is DeprecationWarning for w in caught), sorted(names)
    """),
    "counts_with_math": ("misc.exact_counts", """
        import math
        def exact_counts(n, k):
            return math.factorial(n), math.comb(n, k)
    """),
    "matplotlib_imread": ("misc.read_png_rgb", """
        import matplotlib.pyplot as plt
        def read_png_rgb(file_name):
            pixels = plt.imread(file_name)
            if pixels.ndim == 2:
                pixels = np.stack([pixels] * 3, axis=-1)
            return np.rint(pixels[..., :3] * 255).astype(np.uint8)
    """),
    "matplotlib_imsave_grey_map": ("misc.save_thumbnail", """
        import matplotlib.pyplot as plt
        def save_thumbnail(file_name, factor, load_face=datasets.face):
            face = load_face(gray=True).astype(np.float64)
            small = np.rint(ndimage.zoom(face, factor, order=1)).clip(0, 255).astype(np.uint8)
            plt.imsave(file_name, small, cmap="gray", vmin=0, vmax=255)
            return (small.shape[0], small.shape[1])
    """),
    "zoom_uint8_directly": ("misc.save_thumbnail", """
        def save_thumbnail(file_name, factor, load_face=datasets.face):
            small = ndimage.zoom(load_face(gray=True), factor, order=1)
            Image.fromarray(small).convert("RGB").save(file_name)
            return tuple(int(n) for n in small.shape)
    """),
    "derivative_point_by_point": ("misc.derivative_values", """
        def derivative_values(f, x):
            results = [differentiate.derivative(f, float(point)) for point in x]
            return (np.array([float(r.df) for r in results]),
                    np.array([bool(r.success) for r in results]))
    """),
}


test_wrong_solution_loses_points, test_alternative_solution_passes = variant_tests(
    WRONG, ALTERNATIVES)


@pytest.mark.parametrize("loader", [stand_ins.fake_face, stand_ins.other_fake_face])
def test_stand_in_faces_behave_like_the_real_one(loader):
    colour, grey = loader(), loader(gray=True)
    assert colour.dtype == grey.dtype == np.uint8
    assert colour.ndim == 3 and colour.shape[2] == 3 and grey.shape == colour.shape[:2]
    # Not full range: a writer that stretches the contrast changes the grey values.
    assert 0 < grey.min() and grey.max() < 255
    assert colour.shape[:2] != (768, 1024)
