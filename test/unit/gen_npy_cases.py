#!/usr/bin/python3
"""Writes the .npy fixtures of NpyTest.cpp into test/unit/npy/, with NumPy 1.24.2.

    /usr/bin/python3 test/unit/gen_npy_cases.py

Valid files are written by np.save (or numpy.lib.format for versions 2.0 and
3.0 and for hand-made headers that NumPy also reads); malformed ones are cut
or corrupted copies. The element values follow formulas that NpyTest.cpp
recomputes (value()), so the test knows what each file holds.
"""
import io
import os
import shutil
import struct
import warnings
import zipfile

import numpy as np
from numpy.lib import format as npformat

assert np.__version__ == '1.24.2', np.__version__

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, 'npy')

# pj_dtype order (include/parjit/abi.h), with the short names of the files.
DTYPES = [('b1', np.bool_), ('i1', np.int8), ('i2', np.int16), ('i4', np.int32), ('i8', np.int64),
          ('u1', np.uint8), ('u2', np.uint16), ('u4', np.uint32), ('u8', np.uint64),
          ('f4', np.float32), ('f8', np.float64)]


def values(dtype, shape):
    """Element i (in C order) of every fixture: the formula of value() in NpyTest.cpp."""
    i = np.arange(int(np.prod(shape)), dtype=np.int64)
    kind = np.dtype(dtype).kind
    if kind == 'b':
        v = i % 3 == 0
    elif kind == 'i':
        v = (i * 37 - 50).astype(dtype)  # wraps, as the C++ casts do
    elif kind == 'u':
        v = (i * 37 + 200).astype(np.uint64).astype(dtype)
    else:
        v = (i * 0.25 - 1.5).astype(dtype)
    return v.reshape(shape)


def path(name):
    return os.path.join(OUT, name)


def save(name, a):
    np.save(path(name), a)


def write(name, data):
    with open(path(name), 'wb') as f:
        f.write(data)


def raw(header, data=b'', version=(1, 0), align=True):
    """A file with a hand-written header dict (aligned and padded as NumPy does, or not)."""
    h = header.encode('latin1' if version < (3, 0) else 'utf8')
    lenfmt = '<H' if version == (1, 0) else '<I'
    if align:
        hlen = len(h) + 1
        h += b' ' * (64 - (8 + struct.calcsize(lenfmt) + hlen) % 64) + b'\n'
    return npformat.magic(*version) + struct.pack(lenfmt, len(h)) + h + data


def fnv1a(data):
    h = 0xcbf29ce484222325
    for b in data:
        h = ((h ^ b) * 0x100000001b3) & 0xffffffffffffffff
    return h


def valid_files():
    for short, dt in DTYPES:
        a2 = values(dt, (2, 3))
        save(f'{short}_1d.npy', values(dt, (7,)))
        save(f'{short}_2d.npy', a2)
        save(f'{short}_be.npy', a2.astype(np.dtype(dt).newbyteorder('>')))
        save(f'{short}_f.npy', np.asfortranarray(a2))
        save(f'{short}_bef.npy', np.asfortranarray(a2.astype(np.dtype(dt).newbyteorder('>'))))
    save('f8_3d.npy', values(np.float64, (2, 3, 4)))
    save('f8_3d_f.npy', np.asfortranarray(values(np.float64, (2, 3, 4))))
    save('i2_4d_f.npy', np.asfortranarray(values(np.int16, (2, 1, 3, 2))))
    save('u1_100x3.npy', values(np.uint8, (100, 3)))
    for version in [(2, 0), (3, 0)]:
        with open(path(f'v{version[0]}.npy'), 'wb') as f:
            npformat.write_array(f, values(np.float64, (2, 3)), version=version)
        with open(path(f'v{version[0]}_bef.npy'), 'wb') as f:
            npformat.write_array(f, np.asfortranarray(values('>i4', (2, 3))), version=version)
    save('empty_0.npy', np.zeros((0,), np.float64))
    save('empty_0x3.npy', np.zeros((0, 3), np.int32))
    save('empty_3x0.npy', np.zeros((3, 0), np.uint8))
    save('empty_b1.npy', np.zeros((0,), np.bool_))
    write('empty_f.npy', raw("{'descr': '<f8', 'fortran_order': True, 'shape': (0, 3), }"))
    write('trailing.npy', open(path('f8_2d.npy'), 'rb').read() + b'trailing bytes, ignored')
    # A bool file whose bytes are not all 0 or 1: NumPy reads any nonzero byte as True.
    write('b1_bytes.npy', raw("{'descr': '|b1', 'fortran_order': False, 'shape': (4,), }", bytes([0, 1, 2, 255])))


# Headers that np.save never writes but NumPy reads (each checked below).
I4 = values(np.int32, (2, 3)).tobytes()
VARIANTS = {
    'var_dq.npy': raw('{"descr": "<i4", "shape": (2, 3), "fortran_order": False}', I4),
    'var_commas.npy': raw("{'descr':'<i4','fortran_order':False,'shape':(2,3,),}", I4),
    'var_space.npy': raw("{\n 'descr' :\t'<i4' ,\r\n'fortran_order':False,'shape':( 2 , 3 )}", I4),
    'var_unaligned.npy': raw("{'descr': '<i4', 'fortran_order': False, 'shape': (2, 3)}", I4, align=False),
    'var_long.npy': raw("{'descr': '<i4', 'fortran_order': False, 'shape': (2L, 3L), }", I4),
    'var_noorder.npy': raw("{'descr': 'i4', 'fortran_order': False, 'shape': (2, 3), }", I4),
    'var_native.npy': raw("{'descr': '=i4', 'fortran_order': False, 'shape': (2, 3), }", I4),
    'var_pipe.npy': raw("{'descr': '|i4', 'fortran_order': False, 'shape': (2, 3), }", I4),
    'var_v3_utf8.npy': raw("{'descr': '<i4', 'fortran_order': False, 'shape': (2, 3), }  ", I4, (3, 0)),
    'var_i1_lt.npy': raw("{'descr': '<i1', 'fortran_order': False, 'shape': (7,), }",
                         values(np.int8, (7,)).tobytes()),
}


# Arrays that the test saves with pj_npy_save from views of the fixtures above.
def save_cases():
    f8_1d, f8_2d, f8_3d = values(np.float64, (7,)), values(np.float64, (2, 3)), values(np.float64, (2, 3, 4))
    i4_2d, b1_2d, u8_2d = values(np.int32, (2, 3)), values(np.bool_, (2, 3)), values(np.uint64, (2, 3))
    save('save_f8_step2.npy', f8_1d[::2])
    save('save_f8_rev.npy', f8_1d[::-1])
    save('save_f8_2d_T.npy', f8_2d.T)  # Fortran-contiguous: fortran_order True
    save('save_f8_3d_T.npy', f8_3d.T)
    save('save_f8_3d_perm.npy', f8_3d.transpose(2, 0, 1))  # neither: C order
    save('save_f8_3d_slice.npy', f8_3d[:, ::-1, 1:3])
    save('save_i2_bcast.npy', np.broadcast_to(values(np.int16, (7,))[:4], (3, 4)))
    save('save_i4_col.npy', i4_2d[:, 1:2])
    save('save_i4_rowT.npy', i4_2d[0:1, :].T)  # (3, 1): C-contiguous, axes of 1 ignored
    save('save_b1_step.npy', b1_2d[:, ::2])
    save('save_u8_rev2.npy', u8_2d[::-1, ::-1])
    save('save_f4_empty_T.npy', np.zeros((0, 3), np.float32).T)
    save('save_u1_100x3_T.npy', values(np.uint8, (100, 3)).T)  # room for the last dimension to grow


# np.save of shape (1,) * ndim, uint8, around the header size where NumPy
# switches to version 2.0 (too big a file to keep: its size and FNV-1a hash).
def threshold_cases():
    lines = []
    def file(ndim):
        buf = io.BytesIO()
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            npformat._write_array_header(buf, {'descr': '|u1', 'fortran_order': False, 'shape': (1,) * ndim})
        return buf.getvalue() + b'\x07'

    last_v1 = max(n for n in range(21800, 21860) if file(n)[6] == 1)
    for ndim in range(last_v1 - 2, last_v1 + 4):
        data = file(ndim)
        lines.append(f'{ndim} {data[6]} {len(data)} {fnv1a(data):016x}')
    versions = {int(l.split()[1]) for l in lines}
    assert versions == {1, 2}, versions
    with open(path('threshold.txt'), 'w') as f:
        f.write('# ndim version bytes fnv1a64 of np.save(path, np.full((1,) * ndim, 7, np.uint8))\n')
        f.write('\n'.join(lines) + '\n')


def saved(a):
    buf = io.BytesIO()
    np.save(buf, a)
    return buf.getvalue()


F8 = values(np.float64, (2, 3)).tobytes()
F8FILE = saved(values(np.float64, (2, 3)))  # f8_2d.npy: a 128-byte header, 48 bytes of data
GOOD = "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }"
# name: (contents, whether np.load rejects it too)
MALFORMED = {
    'bad_empty.npy': (b'', True),
    'bad_magic.npy': (b'\x94' + F8FILE[1:], True),
    'bad_text.npy': (b'descr,fortran_order,shape\n', True),
    'bad_npz.npy': (None, False),  # np.load reads it as an NpzFile
    'bad_version.npy': (raw(GOOD, F8, (4, 0)), True),
    'bad_version11.npy': (F8FILE[:7] + b'\x01' + F8FILE[8:], True),
    'bad_cut7.npy': (F8FILE[:7], True),
    'bad_cut9.npy': (F8FILE[:9], True),
    'bad_cut50.npy': (F8FILE[:50], True),
    'bad_cut_data.npy': (F8FILE[:128 + 43], True),
    'bad_hlen.npy': (raw(GOOD, F8, (2, 0))[:8] + b'\xff\xff\xff\xff' + raw(GOOD, F8, (2, 0))[12:], True),
    'bad_hlen_cut.npy': (raw(GOOD, F8, (2, 0))[:8] + struct.pack('<I', 9998) + raw(GOOD, F8, (2, 0))[12:], True),
    'bad_syntax.npy': (raw(GOOD.replace(':', '=', 1), F8), True),
    'bad_list.npy': (raw("['descr', 'fortran_order', 'shape']", F8), True),
    'bad_after.npy': (raw(GOOD + " x", F8), True),
    'bad_string.npy': (raw("{'descr: '<f8', 'fortran_order': False, 'shape': (2, 3), }", F8), True),
    'bad_name.npy': (raw(GOOD.replace('False', 'false'), F8), True),
    'bad_nul.npy': (raw(GOOD.replace(' (2', '\0(2'), F8), True),
    'bad_deep.npy': (raw("{'descr': " + '(' * 100 + ')' * 100 + ", 'fortran_order': False, 'shape': (2, 3), }",
                         F8), True),
    'bad_missing.npy': (raw("{'descr': '<f8', 'fortran_order': False, }", F8), True),
    'bad_unknown.npy': (raw("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), 'foo': 1, }", F8), True),
    'bad_dup.npy': (raw("{'descr': '<f8', 'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }", F8),
                    False),
    'bad_shape_neg.npy': (raw(GOOD.replace('(2, 3)', '(-1,)'), F8), False),
    'bad_shape_float.npy': (raw(GOOD.replace('(2, 3)', '(2.5, 3)'), F8), True),
    'bad_shape_list.npy': (raw(GOOD.replace('(2, 3)', '[2, 3]'), F8), True),
    'bad_shape_int.npy': (raw(GOOD.replace('(2, 3)', '6'), F8), True),
    'bad_shape_paren.npy': (raw(GOOD.replace('(2, 3)', '(6)'), F8), True),
    'bad_shape_bool.npy': (raw(GOOD.replace('(2, 3)', '(True, 3)'), F8), True),
    'bad_fortran.npy': (raw(GOOD.replace('False', '0'), F8), True),
    'bad_overflow.npy': (raw(GOOD.replace('(2, 3)', '(4294967296, 4294967296)'), F8), True),
    'bad_overflow_item.npy': (raw(GOOD.replace('(2, 3)', '(1152921504606846976,)'), F8), True),
    'bad_bigint.npy': (raw(GOOD.replace('(2, 3)', '(99999999999999999999,)'), F8), True),
    'bad_long_v3.npy': (raw(GOOD.replace('(2, 3)', '(2L, 3L)'), F8, (3, 0)), True),
    'bad_c16.npy': (None, False),
    'bad_object.npy': (None, True),
    'bad_struct.npy': (None, False),
    'bad_unicode.npy': (None, False),
    'bad_f2.npy': (None, False),
    'bad_descr_int.npy': (raw(GOOD.replace("'<f8'", '5'), F8), True),
    'bad_scalar.npy': (None, False),
    'bad_33d.npy': (raw(GOOD.replace('(2, 3)', '(' + '1, ' * 33 + ')'), F8[:8]), True),
}


def malformed_files():
    with zipfile.ZipFile(path('bad_npz.npy'), 'w') as z:  # np.savez's layout, with a fixed date
        z.writestr(zipfile.ZipInfo('a.npy', date_time=(1980, 1, 1, 0, 0, 0)), F8FILE)
    save('bad_c16.npy', np.arange(3, dtype=np.complex128))
    save('bad_object.npy', np.array([1, 'a'], dtype=object))
    save('bad_struct.npy', np.zeros(2, dtype=[('a', '<i4'), ('b', '<f8')]))
    save('bad_unicode.npy', np.array(['hello'], dtype='<U5'))
    save('bad_f2.npy', np.arange(3, dtype=np.float16))
    save('bad_scalar.npy', np.float64(3.5))
    for name, (data, numpy_rejects) in MALFORMED.items():
        if data is not None:
            write(name, data)
        try:
            a = np.load(path(name))
            rejected = False
            if name == 'bad_npz.npy':
                a.close()
        except Exception:  # ValueError, EOFError, OSError, ...
            rejected = True
        # The ones NumPy reads: a duplicate key (the last wins), negative
        # dimensions, dtypes parjit has no array type for, .npz, 0-d.
        assert rejected == numpy_rejects, (name, rejected)


def main():
    shutil.rmtree(OUT, ignore_errors=True)
    os.makedirs(OUT)
    valid_files()
    for name, data in VARIANTS.items():
        write(name, data)
        a = np.load(path(name))
        expect = values(a.dtype, a.shape)
        assert a.dtype.kind == 'i' and (a == expect).all(), name
    save_cases()
    threshold_cases()
    malformed_files()


if __name__ == '__main__':
    main()
