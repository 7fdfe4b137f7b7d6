"""Reading and writing data with scipy.io: MATLAB files, WAV sound and Matrix Market.

Fill in each function, then run `course check io`. Every function that writes a file
writes it in the current folder under the name it is given.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse


def save_variables(file_name: str, variables: dict[str, np.ndarray]) -> list[str]:
    """Save `variables` (name -> NumPy array) to a MATLAB file named `file_name`.

    Write the file in the current folder under exactly `file_name`, in the MAT 5 format
    that scipy.io.savemat writes by default, with 1-D arrays stored as row vectors (1 x n).
    savemat skips every name that starts with an underscore (MATLAB does not allow
    those), with a warning. Return the names that really went into the file, as a
    sorted list of str.

    >>> save_variables("demo.mat", {"x": np.arange(3.0), "_scratch": np.ones(2)})
    ['x']
    """
    # TODO: import scipy.io (at the top of the file) and write the dict to file_name
    #       with the function it offers for MATLAB files; its defaults already give MAT 5
    #       and row vectors.
    # TODO: return the sorted names that were saved: remember that names starting with
    #       an underscore are left out.
    raise NotImplementedError


def load_variables(file_name: str) -> dict[str, np.ndarray]:
    """Load the MATLAB file `file_name` and return its variables as a dict name -> array.

    Return only the variables: leave out the metadata entries that scipy.io.loadmat adds
    ("__header__", "__version__" and "__globals__"). Keep each array exactly as loadmat
    gives it, so a vector saved from a 1-D array comes back 2-D with shape (1, n).

    >>> save_variables("demo.mat", {"x": np.arange(3.0)})
    ['x']
    >>> load_variables("demo.mat")
    {'x': array([[0., 1., 2.]])}
    """
    # TODO: load the file with the MATLAB reader of scipy.io, keeping its default shapes.
    # TODO: drop the three metadata entries it adds; return a dict of the variables only.
    raise NotImplementedError


def list_variables(file_name: str) -> list[tuple[str, tuple[int, ...], str]]:
    """List what the MATLAB file `file_name` holds without loading the data.

    Return one tuple (name, shape, MATLAB class) per variable, in the order of the file:
    name a str, shape a tuple of ints, class a str such as "double", "int16", "logical"
    or "char" - what scipy.io.whosmat reports.

    >>> save_variables("demo.mat", {"x": np.arange(3.0), "k": np.array([1, 2], np.int16)})
    ['k', 'x']
    >>> list_variables("demo.mat")
    [('x', (1, 3), 'double'), ('k', (1, 2), 'int16')]
    """
    # TODO: ask scipy.io for the variable list of the file (it reads only the headers).
    # TODO: return it as a list of (str, tuple of ints, str) tuples, in the file's order.
    raise NotImplementedError


def load_vectors(file_name: str) -> dict[str, np.ndarray | float | int]:
    """Load the MATLAB file `file_name` with every unit dimension squeezed away.

    Return a dict name -> value of the variables only (no metadata entries), where a row
    (1 x n) or column (n x 1) vector comes back as a 1-D array of shape (n,), a matrix
    keeps its 2-D shape, and a 1 x 1 variable comes back as a plain Python number (float
    for double, int for integer classes): what loadmat gives with squeeze_me=True.

    >>> save_variables("demo.mat", {"x": np.arange(3.0), "rate": np.array(8000.0)})
    ['rate', 'x']
    >>> load_vectors("demo.mat")
    {'x': array([0., 1., 2.]), 'rate': 8000.0}
    """
    # TODO: load the file asking the reader to squeeze unit dimensions away
    #       (by default vectors come back as (1, n) arrays).
    # TODO: drop the metadata entries and return the variables.
    raise NotImplementedError


def write_wav_int16(file_name: str, signal: np.ndarray, rate: int) -> None:
    """Write a float signal in [-1.0, 1.0] as a 16-bit PCM WAV file named `file_name`.

    `signal` has shape (n,) for mono or (n, channels), one column per channel; `rate` is
    the sample rate in Hz. Each sample becomes the int16 nearest to sample * 32767, so
    1.0 becomes 32767 and -1.0 becomes -32767. The file must hold int16 samples (WAV
    stores whatever dtype it is given: a float64 array makes a 64-bit float WAV).

    >>> write_wav_int16("tone.wav", np.array([0.0, 0.5, 1.0, -1.0]), 8000)
    >>> wavfile.read("tone.wav")
    (8000, array([     0,  16384,  32767, -32767], dtype=int16))
    """
    # TODO: scale the samples by 32767 and round them to the nearest integer.
    # TODO: convert to int16 and write them with the WAV writer of scipy.io.wavfile;
    #       writing the float array directly would make a float WAV, not a 16-bit one.
    raise NotImplementedError


def read_wav_float(file_name: str) -> tuple[int, np.ndarray]:
    """Read the 16-bit PCM WAV file `file_name` as floating-point samples.

    Return (rate, samples): rate in Hz as a Python int, samples as a float64 array of
    shape (n,) for mono or (n, channels), each int16 value divided by 32768 so that the
    full int16 range maps into [-1.0, 1.0).

    >>> write_wav_int16("tone.wav", np.array([0.0, 0.5]), 8000)
    >>> read_wav_float("tone.wav")
    (8000, array([0. , 0.5]))
    """
    # TODO: read the file with the WAV reader of scipy.io.wavfile: it gives (rate, samples).
    # TODO: return the rate as an int and the samples as float64 divided by 32768.
    raise NotImplementedError


def matrix_market_round_trip(file_name: str, matrix: sparse.sparray,
                             comment: str) -> sparse.csr_array:
    """Write a sparse `matrix` to a Matrix Market file, then read that file back.

    Write it with scipy.io.mmwrite under `file_name` (a name ending in ".mtx": mmwrite
    adds that extension to a name without it), in the sparse (coordinate) layout, with
    `comment` as the comment line of the file. Read the file back with
    scipy.io.mmread and return what it holds as a scipy.sparse.csr_array - a sparse
    array, not a legacy csr_matrix (mmread returns a legacy coo_matrix unless told
    otherwise).

    >>> A = sparse.csr_array(np.array([[0.0, 2.0], [3.0, 0.0]]))
    >>> matrix_market_round_trip("A.mtx", A, "made by hand").toarray()
    array([[0., 2.],
           [3., 0.]])
    """
    # TODO: write the matrix with the Matrix Market writer of scipy.io, passing the comment.
    # TODO: read the file back with the Matrix Market reader, asking for a sparse array rather
    #       than a legacy sparse matrix, and return it in CSR format.
    raise NotImplementedError


def mat_to_wav(mat_name: str, wav_name: str) -> int:
    """Turn a recording saved from MATLAB into a 16-bit WAV file; return its frame count.

    The MAT file `mat_name` holds two variables: "fs", the sample rate in Hz (a 1 x 1
    double), and "signal", the samples as floats - a row (1 x n) or column (n x 1)
    vector for a mono recording, or an n x c matrix with one column per channel when
    there are c >= 2 channels (and n > 1). Write `wav_name` as a 16-bit PCM WAV at that
    rate with n frames: mono as a 1-D signal, several channels as columns. Clip samples
    to [-1.0, 1.0] first (int16 would wrap a louder sample round to the other end), then
    scale by 32767 and round to the nearest int16. Return n, the number of frames, as an
    int.

    >>> scipy.io.savemat("rec.mat", {"fs": 8000.0, "signal": np.array([[0.0, 0.5, 1.5]])})
    >>> mat_to_wav("rec.mat", "rec.wav")
    3
    >>> wavfile.read("rec.wav")
    (8000, array([    0, 16384, 32767], dtype=int16))
    """
    # TODO: load the MAT file; both variables come back 2-D, even the 1 x 1 rate.
    # TODO: turn the rate into an int, and a row or column signal into a 1-D array
    #       (a 1 x n array would be written as one frame of n channels).
    # TODO: clip to [-1, 1], scale by 32767, round, convert to int16 and write the WAV.
    # TODO: return the number of frames as an int.
    raise NotImplementedError
