/* screener.read._scan: PDFium calls batched in C (see screener/read/accel.py). Skeleton. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyObject *version(PyObject *self, PyObject *unused) { return PyLong_FromLong(1); }

static PyMethodDef methods[] = {
    {"version", version, METH_NOARGS, "The interface version of this module."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_scan", NULL, -1, methods};

PyMODINIT_FUNC PyInit__scan(void) { return PyModule_Create(&module); }
