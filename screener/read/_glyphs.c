/* screener.read._glyphs: the PDFium reader's per-glyph and per-object calls batched in C.
 *
 * See screener/read/accel.py. This module does not link against PDFium: the caller passes the
 * addresses of the functions of the library pypdfium2 loaded (and the text page's handle) as
 * ints, and every call goes through those pointers with the signatures of PDFium's public API
 * (fpdf_text.h, fpdf_edit.h). It gathers PDFium's answers into flat buffers (glyphs, styles,
 * spaces), fills RawChars from columns Python prepared (rawchars) and reads a page's words the way
 * the Python word reader does (words, asking Python for each text object's style and for what is
 * hidden); it decides nothing the Python
 * code beside it (screener/read/pdfium.py, pdfium_fast.py, pdfium_spaces.py) does not decide the same
 * way: the float arithmetic it does is the Python code's, step for step, in double precision.
 * Handles passed in must be ones PDFium gave for the open text page (PDFium dereferences them).
 * The GIL is held throughout (PDFium is not thread-safe).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>
#include <limits.h>
#include <stdint.h>
#include <string.h>

typedef void *(*text_object_fn)(void *textpage, int index);
typedef int (*loose_box_fn)(void *textpage, int index, float *rect); /* FS_RECTF: left, top, right, bottom */
typedef double (*font_size_fn)(void *textpage, int index);
typedef int (*matrix_fn)(void *textpage, int index, float *matrix); /* FS_MATRIX: a, b, c, d, e, f */
typedef void *(*font_fn)(void *text_object);
typedef int (*color_fn)(void *textpage, int index, unsigned int *r, unsigned int *g, unsigned int *b,
                        unsigned int *a);
typedef int (*render_mode_fn)(void *text_object);
typedef int (*origin_fn)(void *textpage, int index, double *x, double *y);

/* ---- a map from a 64-bit key to a small index (open addressing; capacity a power of two) ---- */

typedef struct {
    uint64_t *keys;
    Py_ssize_t *values; /* -1: empty */
    size_t mask;
} Map;

static int map_init(Map *m, Py_ssize_t entries) {
    size_t cap = 16;
    while (cap < (size_t)entries * 2 + 2) {
        if (cap > ((size_t)PY_SSIZE_T_MAX / sizeof(uint64_t)) / 4) {
            PyErr_NoMemory();
            return -1;
        }
        cap <<= 1;
    }
    m->keys = PyMem_Malloc(cap * sizeof(uint64_t));
    m->values = PyMem_Malloc(cap * sizeof(Py_ssize_t));
    m->mask = cap - 1;
    if (!m->keys || !m->values) {
        PyMem_Free(m->keys);
        PyMem_Free(m->values);
        m->keys = NULL;
        m->values = NULL;
        PyErr_NoMemory();
        return -1;
    }
    for (size_t k = 0; k < cap; k++) m->values[k] = -1;
    return 0;
}

static void map_free(Map *m) {
    PyMem_Free(m->keys);
    PyMem_Free(m->values);
    m->keys = NULL;
    m->values = NULL;
}

static size_t hash64(uint64_t x) {
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return (size_t)x;
}

/* The slot of `key`: its value is -1 when the key is not in the map (then the slot is where it goes). */
static size_t map_slot(const Map *m, uint64_t key, size_t hash) {
    size_t s = hash & m->mask;
    while (m->values[s] >= 0 && m->keys[s] != key) s = (s + 1) & m->mask;
    return s;
}

/* ---- argument helpers ---- */

static void *pointer_arg(PyObject *o, const char *what) {
    void *p = PyLong_AsVoidPtr(o);
    if (p == NULL && !PyErr_Occurred()) PyErr_Format(PyExc_ValueError, "%s: a null address", what);
    return p;
}

/* `count` function addresses from a tuple. */
static int functions_arg(PyObject *fns, void **out, Py_ssize_t count) {
    if (!PyTuple_Check(fns) || PyTuple_GET_SIZE(fns) != count) {
        PyErr_Format(PyExc_TypeError, "expected a tuple of %zd function addresses", count);
        return -1;
    }
    for (Py_ssize_t k = 0; k < count; k++) {
        out[k] = pointer_arg(PyTuple_GET_ITEM(fns, k), "function");
        if (!out[k]) return -1;
    }
    return 0;
}

static int text_arg(PyObject *text) {
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "text must be a str");
        return -1;
    }
    if (PyUnicode_READY(text) < 0) return -1;
    if (PyUnicode_GET_LENGTH(text) > INT_MAX / 2) {
        PyErr_SetString(PyExc_ValueError, "text too long for a text page");
        return -1;
    }
    return 0;
}

/* The arguments every text-page call shares: its functions, the text page's handle and the page's text
 * (checked; NULL with an exception set when one is wrong). */
static void *text_page_args(PyObject *fns, void **f, Py_ssize_t count, PyObject *tp_obj, PyObject *text) {
    if (functions_arg(fns, f, count) < 0 || text_arg(text) < 0) return NULL;
    return pointer_arg(tp_obj, "textpage");
}

/* What a walk over a text page's glyphs needs: the two functions it calls, the text page and its
 * text (0 on success; -1 with an exception set when an argument is wrong). */
typedef struct {
    void *tp;
    text_object_fn get_object;
    loose_box_fn get_box;
    Py_ssize_t n;
    int kind;
    const void *data;
} GlyphWalk;

static int glyph_walk(PyObject *fns, PyObject *tp_obj, PyObject *text, GlyphWalk *w) {
    void *f[2];
    w->tp = text_page_args(fns, f, 2, tp_obj, text);
    if (!w->tp) return -1;
    w->get_object = (text_object_fn)f[0];
    w->get_box = (loose_box_fn)f[1];
    w->n = PyUnicode_GET_LENGTH(text);
    w->kind = PyUnicode_KIND(text);
    w->data = PyUnicode_DATA(text);
    return 0;
}

/* ---- glyphs(fns, textpage, text) ----
 * For each character of `text` (the text page's, one per glyph index), as _Reader.glyphs walks it:
 * spaces (" ", U+00A0, tab) and line breaks ("\r", "\n") set the next glyph's flags, surrogates are
 * skipped; every other glyph's text object is asked (FPDFText_GetTextObject) and its loose box
 * (FPDFText_GetLooseCharBox); a glyph whose box PDFium refuses is dropped, its flags carried on.
 * Returns (addresses, kept, boxes, spaces, newlines, object_of, objects, firsts):
 *   addresses: int64 per character, its text object (0: none), -1 where not asked;
 *   kept: int32 per kept glyph, its index; boxes: float32 x 4 per kept glyph, as PDFium gave them;
 *   spaces, newlines: one byte (0/1) per kept glyph; object_of: int32 per kept glyph, its object's
 *   ordinal; objects: int64 per distinct object in the order first asked; firsts: int32, the glyph
 *   index each was first asked at.
 */
static PyObject *glyphs(PyObject *self, PyObject *args) {
    PyObject *fns, *tp_obj, *text;
    GlyphWalk w;
    if (!PyArg_ParseTuple(args, "O!OU", &PyTuple_Type, &fns, &tp_obj, &text)) return NULL;
    if (glyph_walk(fns, tp_obj, text, &w) < 0) return NULL;
    void *tp = w.tp;
    text_object_fn get_object = w.get_object;
    loose_box_fn get_box = w.get_box;
    Py_ssize_t n = w.n;
    int kind = w.kind;
    const void *data = w.data;
    size_t cells = (size_t)(n > 0 ? n : 1);
    int64_t *addresses = PyMem_Malloc(cells * sizeof(int64_t));
    int32_t *kept = PyMem_Malloc(cells * sizeof(int32_t));
    float *boxes = PyMem_Malloc(cells * 4 * sizeof(float));
    char *spaces = PyMem_Malloc(cells), *newlines = PyMem_Malloc(cells);
    int32_t *object_of = PyMem_Malloc(cells * sizeof(int32_t));
    int64_t *objects = PyMem_Malloc(cells * sizeof(int64_t));
    int32_t *firsts = PyMem_Malloc(cells * sizeof(int32_t));
    Map map = {NULL, NULL, 0};
    PyObject *result = NULL;
    if (!addresses || !kept || !boxes || !spaces || !newlines || !object_of || !objects || !firsts) {
        PyErr_NoMemory();
        goto done;
    }
    if (map_init(&map, n) < 0) goto done;

    Py_ssize_t count = 0, distinct = 0;
    int space = 0, newline = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, i);
        addresses[i] = -1;
        if (ch == ' ' || ch == 0xA0 || ch == '\t') {
            space = 1;
            continue;
        }
        if (ch == '\r' || ch == '\n') {
            newline = 1;
            continue;
        }
        if (ch >= 0xD800 && ch <= 0xDFFF) continue; /* half of an astral-plane glyph: not text */
        uint64_t key = (uint64_t)(uintptr_t)get_object(tp, (int)i);
        addresses[i] = (int64_t)key;
        size_t slot = map_slot(&map, key, hash64(key));
        Py_ssize_t ordinal = map.values[slot];
        if (ordinal < 0) {
            ordinal = distinct++;
            map.keys[slot] = key;
            map.values[slot] = ordinal;
            objects[ordinal] = (int64_t)key;
            firsts[ordinal] = (int32_t)i;
        }
        float rect[4] = {0, 0, 0, 0};
        if (!get_box(tp, (int)i, rect)) continue;
        kept[count] = (int32_t)i;
        memcpy(boxes + 4 * count, rect, sizeof(rect));
        spaces[count] = (char)space;
        newlines[count] = (char)newline;
        object_of[count] = (int32_t)ordinal;
        count++;
        space = newline = 0;
    }
    result = Py_BuildValue(
        "(y#y#y#y#y#y#y#y#)", (const char *)addresses, (Py_ssize_t)(n * sizeof(int64_t)), (const char *)kept,
        (Py_ssize_t)(count * sizeof(int32_t)), (const char *)boxes, (Py_ssize_t)(count * 4 * sizeof(float)),
        spaces, count, newlines, count, (const char *)object_of, (Py_ssize_t)(count * sizeof(int32_t)),
        (const char *)objects, (Py_ssize_t)(distinct * sizeof(int64_t)), (const char *)firsts,
        (Py_ssize_t)(distinct * sizeof(int32_t)));
done:
    map_free(&map);
    PyMem_Free(addresses);
    PyMem_Free(kept);
    PyMem_Free(boxes);
    PyMem_Free(spaces);
    PyMem_Free(newlines);
    PyMem_Free(object_of);
    PyMem_Free(objects);
    PyMem_Free(firsts);
    return result;
}

/* ---- styles(fns, textpage, objects, firsts) ----
 * What _object_style reads of each text object (at the glyph index it was first asked at), except
 * the weight and font name, which Python asks once per font. Objects that read the same share a
 * record. Returns (records, record_of, modes):
 *   records: a list of tuples (first glyph index, size, matrix ok, c, d, font address, fill r, g, b,
 *   a (0, 0, 0, 255 where PDFium gave no fill), stroke read, stroke a), in order of first use;
 *   the stroke is read only where the fill's alpha is under 26, as _object_style does;
 *   record_of: int32 per object; modes: int32 per object, its render mode (-1 for no object).
 */
typedef struct {
    double size;
    float c, d;
    uint64_t font;
    uint64_t unique; /* an object without a font shares its record with no other */
    unsigned int r, g, b, a, stroke_a;
    int matrix_ok, stroke_ok;
} Style;

static size_t hash_bytes(const void *p, size_t len) {
    const unsigned char *s = p;
    uint64_t h = 1469598103934665603ULL;
    for (size_t k = 0; k < len; k++) h = (h ^ s[k]) * 1099511628211ULL;
    return (size_t)h;
}

static PyObject *style_tuple(const Style *s, int32_t first) {
    return Py_BuildValue("(ididdKIIIIiI)", (int)first, s->size, s->matrix_ok, (double)s->c, (double)s->d,
                         (unsigned long long)s->font, s->r, s->g, s->b, s->a, s->stroke_ok, s->stroke_a);
}

static PyObject *styles(PyObject *self, PyObject *args) {
    PyObject *fns, *tp_obj;
    Py_buffer objects_buf, firsts_buf;
    void *f[6];
    if (!PyArg_ParseTuple(args, "O!Oy*y*", &PyTuple_Type, &fns, &tp_obj, &objects_buf, &firsts_buf)) return NULL;
    PyObject *result = NULL, *records = NULL;
    Style *table = NULL;
    int32_t *record_of = NULL, *modes = NULL;
    Map map = {NULL, NULL, 0};
    Py_ssize_t n = objects_buf.len / (Py_ssize_t)sizeof(int64_t);
    if (functions_arg(fns, f, 6) < 0) goto done;
    void *tp = pointer_arg(tp_obj, "textpage");
    if (!tp) goto done;
    if (objects_buf.len % sizeof(int64_t) || firsts_buf.len != n * (Py_ssize_t)sizeof(int32_t)) {
        PyErr_SetString(PyExc_ValueError, "objects (int64) and firsts (int32) must be of one length");
        goto done;
    }
    font_size_fn font_size = (font_size_fn)f[0];
    matrix_fn get_matrix = (matrix_fn)f[1];
    font_fn get_font = (font_fn)f[2];
    color_fn fill = (color_fn)f[3], stroke = (color_fn)f[4];
    render_mode_fn render_mode = (render_mode_fn)f[5];
    const int64_t *objects = objects_buf.buf;
    const int32_t *firsts = firsts_buf.buf;
    size_t cells = (size_t)(n > 0 ? n : 1);
    table = PyMem_Malloc(cells * sizeof(Style));
    record_of = PyMem_Malloc(cells * sizeof(int32_t));
    modes = PyMem_Malloc(cells * sizeof(int32_t));
    records = PyList_New(0);
    if (!table || !record_of || !modes || !records) {
        if (!PyErr_Occurred()) PyErr_NoMemory();
        goto done;
    }
    if (map_init(&map, n) < 0) goto done;

    Py_ssize_t distinct = 0;
    for (Py_ssize_t k = 0; k < n; k++) {
        int i = firsts[k];
        if (i < 0) {
            PyErr_SetString(PyExc_ValueError, "a negative glyph index");
            goto done;
        }
        void *obj = (void *)(uintptr_t)objects[k];
        Style s;
        memset(&s, 0, sizeof(s));
        s.size = font_size(tp, i);
        float matrix[6] = {0, 0, 0, 0, 0, 0};
        s.matrix_ok = get_matrix(tp, i, matrix) ? 1 : 0;
        if (s.matrix_ok) {
            s.c = matrix[2];
            s.d = matrix[3];
        }
        s.font = obj ? (uint64_t)(uintptr_t)get_font(obj) : 0;
        if (!s.font) s.unique = (uint64_t)k + 1;
        if (!fill(tp, i, &s.r, &s.g, &s.b, &s.a)) {
            s.r = s.g = s.b = 0;
            s.a = 255;
        }
        if (s.a < 26) {
            unsigned int r = 0, g = 0, b = 0, a = 0;
            if (stroke(tp, i, &r, &g, &b, &a)) {
                s.stroke_ok = 1;
                s.stroke_a = a;
            }
        }
        modes[k] = obj ? render_mode(obj) : -1;
        size_t h = hash_bytes(&s, sizeof(s));
        size_t slot = h & map.mask;
        while (map.values[slot] >= 0 && (map.keys[slot] != (uint64_t)h || memcmp(&table[map.values[slot]], &s, sizeof(s))))
            slot = (slot + 1) & map.mask;
        Py_ssize_t rec = map.values[slot];
        if (rec < 0) {
            rec = distinct++;
            table[rec] = s;
            map.keys[slot] = (uint64_t)h;
            map.values[slot] = rec;
            PyObject *t = style_tuple(&s, i);
            if (!t || PyList_Append(records, t) < 0) {
                Py_XDECREF(t);
                goto done;
            }
            Py_DECREF(t);
        }
        record_of[k] = (int32_t)rec;
    }
    result = Py_BuildValue("(Oy#y#)", records, (const char *)record_of, (Py_ssize_t)(n * sizeof(int32_t)),
                           (const char *)modes, (Py_ssize_t)(n * sizeof(int32_t)));
done:
    map_free(&map);
    Py_XDECREF(records);
    PyMem_Free(table);
    PyMem_Free(record_of);
    PyMem_Free(modes);
    PyBuffer_Release(&objects_buf);
    PyBuffer_Release(&firsts_buf);
    return result;
}

/* ---- spaces(fns, textpage, text, top_texts, height) ----
 * pdfium_spaces.restore_spaces's gathering step: the replay of FPDFTextObj_GetText for every text
 * object in one walk of the text page (pdfium_spaces._object_texts, step for step), then, for each
 * (object, (left, bottom, right, top)) of `top_texts` whose text is space-only or a glyph and its
 * space, the space's middle y (height - (top + bottom) / 2) and x. Returns (ys, xs): float64 each.
 */
#define SAID_MAX 3
#define SAID_CELLS 8

typedef struct {
    Py_UCS4 text[SAID_CELLS];
    int len;
    Py_ssize_t last, posy;
} Said;

static void said_add(Said *s, Py_UCS4 ch) {
    if (s->len < SAID_CELLS) s->text[s->len++] = ch;
}

static int is_space_only(Py_UCS4 ch) { return ch == ' ' || ch == 0xA0; }

/* One (object, (left, bottom, right, top)) of top_texts (tuples or other sequences). */
static int box_arg(PyObject *item, uint64_t *obj, double box[4]) {
    static const char *what = "top_texts: (object, (left, bottom, right, top)) pairs expected";
    PyObject *pair = PySequence_Fast(item, what), *b = NULL;
    int status = -1;
    if (!pair) return -1;
    if (PySequence_Fast_GET_SIZE(pair) != 2) {
        PyErr_SetString(PyExc_TypeError, what);
        goto done;
    }
    *obj = (uint64_t)PyLong_AsUnsignedLongLong(PySequence_Fast_GET_ITEM(pair, 0));
    if (PyErr_Occurred()) goto done;
    b = PySequence_Fast(PySequence_Fast_GET_ITEM(pair, 1), what);
    if (!b) goto done;
    if (PySequence_Fast_GET_SIZE(b) != 4) {
        PyErr_SetString(PyExc_TypeError, what);
        goto done;
    }
    for (int k = 0; k < 4; k++) {
        box[k] = PyFloat_AsDouble(PySequence_Fast_GET_ITEM(b, k));
        if (box[k] == -1.0 && PyErr_Occurred()) goto done;
    }
    status = 0;
done:
    Py_XDECREF(b);
    Py_DECREF(pair);
    return status;
}

/* long: the replay is one state machine, as in pdfium_spaces._object_texts */
static PyObject *spaces(PyObject *self, PyObject *args) {
    PyObject *fns, *tp_obj, *text, *tops_arg;
    double height;
    void *f[2];
    if (!PyArg_ParseTuple(args, "O!OUOd", &PyTuple_Type, &fns, &tp_obj, &text, &tops_arg, &height)) return NULL;
    void *tp = text_page_args(fns, f, 2, tp_obj, text);
    if (!tp) return NULL;
    PyObject *tops = PySequence_Fast(tops_arg, "top_texts must be a sequence");
    if (!tops) return NULL;
    text_object_fn get_object = (text_object_fn)f[0];
    origin_fn origin = (origin_fn)f[1];

    Py_ssize_t n = PyUnicode_GET_LENGTH(text), ntops = PySequence_Fast_GET_SIZE(tops);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Said *said = PyMem_Malloc((size_t)(n > 0 ? n : 1) * sizeof(Said));
    double *ys = PyMem_Malloc((size_t)(ntops > 0 ? ntops : 1) * sizeof(double));
    double *xs = PyMem_Malloc((size_t)(ntops > 0 ? ntops : 1) * sizeof(double));
    Map map = {NULL, NULL, 0};
    PyObject *result = NULL;
    if (!said || !ys || !xs) {
        PyErr_NoMemory();
        goto done;
    }
    if (map_init(&map, n) < 0) goto done;

    Py_ssize_t distinct = 0, last_nonspace = -1;
    uint64_t prev_obj = 0;
    Said *prev = NULL;
    double origin_x = 0, origin_y = 0; /* as in Python: a failed call leaves the last answer */
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, i);
        uint64_t obj = (uint64_t)(uintptr_t)get_object(tp, (int)i);
        Said *state = NULL;
        if (obj) {
            size_t slot = map_slot(&map, obj, hash64(obj));
            if (map.values[slot] < 0) {
                map.keys[slot] = obj;
                map.values[slot] = distinct;
                state = &said[distinct++];
                state->len = 0;
                state->last = -1;
                state->posy = last_nonspace >= 0 ? i : -1;
            } else {
                state = &said[map.values[slot]];
                int contiguous = state->last == i - 1;
                if (!contiguous && last_nonspace > state->last) {
                    if (state->len > 0 && state->len <= SAID_MAX) {
                        double y_then = 0.0, y_now;
                        if (state->posy >= 0) {
                            origin(tp, (int)state->posy, &origin_x, &origin_y);
                            y_then = origin_y;
                        }
                        origin(tp, (int)i, &origin_x, &origin_y);
                        y_now = origin_y;
                        if (y_then != y_now) {
                            said_add(state, '\r');
                            said_add(state, '\n');
                        }
                    }
                    state->posy = i;
                }
            }
            if (ch != 0 && state->len <= SAID_MAX) said_add(state, ch);
            state->last = i;
        }
        if (prev_obj && obj != prev_obj && ch == ' ' && prev->len <= SAID_MAX) said_add(prev, ' ');
        if (ch != ' ') last_nonspace = i;
        prev_obj = obj;
        prev = state;
    }

    Py_ssize_t count = 0;
    for (Py_ssize_t k = 0; k < ntops; k++) {
        uint64_t obj;
        double box[4]; /* left, bottom, right, top */
        if (box_arg(PySequence_Fast_GET_ITEM(tops, k), &obj, box) < 0) goto done;
        size_t slot = map_slot(&map, obj, hash64(obj));
        const Said *s = map.values[slot] >= 0 ? &said[map.values[slot]] : NULL;
        int len = s ? s->len : 0, at_right;
        if (len == 0 || (len == 1 && is_space_only(s->text[0]))) {
            at_right = 0; /* a space-only object sits in the gap */
        } else if (len == 2 && is_space_only(s->text[1]) && !is_space_only(s->text[0])) {
            if (s->text[0] > 0xFFFF) continue;
            at_right = 1; /* a glyph carrying its trailing space: the gap is at its right edge */
        } else {
            continue;
        }
        ys[count] = height - (box[3] + box[1]) / 2;
        xs[count] = at_right ? box[2] : box[0];
        count++;
    }
    result = Py_BuildValue("(y#y#)", (const char *)ys, (Py_ssize_t)(count * sizeof(double)), (const char *)xs,
                           (Py_ssize_t)(count * sizeof(double)));
done:
    Py_DECREF(tops);
    map_free(&map);
    PyMem_Free(said);
    PyMem_Free(ys);
    PyMem_Free(xs);
    return result;
}

/* ---- rawchars(cls, fields, text, kept, boxes, height, owner, sizes, bolds, bases, hidden, spaces, newlines) ----
 * The RawChars of glyphs(): instance k has text[kept[k]], the box (left, height - top, right,
 * height - bottom) from the float32 values widened to double (Python's arithmetic), its object's
 * size, weight and hidden reason (sizes[owner[k]], ...; `hidden` maps k to a reason decided in Python
 * instead), the flags, and units 1. `cls` is a slots class whose `fields` (the eleven names, in
 * RawChar's order) are plain object slots: each value is stored in its slot, as its __init__ would.
 * The caller must only ever store atoms (str, numbers) in these objects: they are not GC-tracked.
 */
#define RAW_FIELDS 11

static int slot_offsets(PyTypeObject *cls, PyObject *fields, Py_ssize_t offsets[RAW_FIELDS]) {
    if (cls->tp_itemsize != 0 || !cls->tp_alloc) {
        PyErr_SetString(PyExc_TypeError, "cls: a fixed-size class expected");
        return -1;
    }
    if (!PyTuple_Check(fields) || PyTuple_GET_SIZE(fields) != RAW_FIELDS) {
        PyErr_SetString(PyExc_TypeError, "fields: a tuple of the eleven slot names expected");
        return -1;
    }
    for (int k = 0; k < RAW_FIELDS; k++) {
        PyObject *d = PyObject_GetAttr((PyObject *)cls, PyTuple_GET_ITEM(fields, k));
        if (!d) return -1;
        int ok = Py_IS_TYPE(d, &PyMemberDescr_Type) && ((PyMemberDescrObject *)d)->d_member->type == T_OBJECT_EX &&
                 !(((PyMemberDescrObject *)d)->d_member->flags & READONLY);
        if (ok) offsets[k] = ((PyMemberDescrObject *)d)->d_member->offset;
        Py_DECREF(d);
        if (!ok || offsets[k] < (Py_ssize_t)sizeof(PyObject) ||
            offsets[k] + (Py_ssize_t)sizeof(PyObject *) > cls->tp_basicsize) {
            PyErr_SetString(PyExc_TypeError, "fields: every one must be a writable object slot of cls");
            return -1;
        }
    }
    return 0;
}

static PyObject *rawchars(PyObject *self, PyObject *args) {
    PyTypeObject *cls;
    PyObject *fields, *text, *sizes, *bolds, *bases, *hidden;
    Py_buffer kept, boxes, owner, spaces, newlines;
    double height;
    if (!PyArg_ParseTuple(args, "O!O!Uy*y*dy*O!O!O!O!y*y*", &PyType_Type, &cls, &PyTuple_Type, &fields, &text, &kept,
                          &boxes, &height, &owner, &PyList_Type, &sizes, &PyList_Type, &bolds, &PyList_Type, &bases,
                          &PyDict_Type, &hidden, &spaces, &newlines))
        return NULL;
    PyObject *list = NULL, *one = NULL;
    Py_ssize_t offsets[RAW_FIELDS];
    Py_ssize_t n = kept.len / (Py_ssize_t)sizeof(int32_t), objects = PyList_GET_SIZE(sizes);
    if (slot_offsets(cls, fields, offsets) < 0) goto done;
    if (kept.len != n * (Py_ssize_t)sizeof(int32_t) || boxes.len != n * 4 * (Py_ssize_t)sizeof(float) ||
        owner.len != kept.len || spaces.len != n || newlines.len != n || PyList_GET_SIZE(bolds) != objects ||
        PyList_GET_SIZE(bases) != objects) {
        PyErr_SetString(PyExc_ValueError, "rawchars: the per-glyph and per-object columns differ in length");
        goto done;
    }
    if (PyUnicode_READY(text) < 0) goto done;
    const int32_t *index = kept.buf, *of = owner.buf;
    const float *box = boxes.buf;
    const char *space = spaces.buf, *newline = newlines.buf;
    Py_ssize_t length = PyUnicode_GET_LENGTH(text);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    list = PyList_New(n);
    one = PyLong_FromLong(1);
    if (!list || !one) goto fail;
    for (Py_ssize_t k = 0; k < n; k++) {
        if (index[k] < 0 || index[k] >= length || of[k] < 0 || of[k] >= objects) {
            PyErr_SetString(PyExc_IndexError, "rawchars: a glyph or object index out of range");
            goto fail;
        }
        PyObject *why = NULL;
        if (PyDict_GET_SIZE(hidden)) {
            PyObject *key = PyLong_FromSsize_t(k);
            if (!key) goto fail;
            why = PyDict_GetItemWithError(hidden, key);
            Py_DECREF(key);
            if (!why && PyErr_Occurred()) goto fail;
        }
        PyObject *values[RAW_FIELDS] = {
            PyUnicode_FromOrdinal(PyUnicode_READ(kind, data, index[k])),
            PyFloat_FromDouble((double)box[4 * k]),
            PyFloat_FromDouble(height - (double)box[4 * k + 1]),
            PyFloat_FromDouble((double)box[4 * k + 2]),
            PyFloat_FromDouble(height - (double)box[4 * k + 3]),
            Py_NewRef(PyList_GET_ITEM(sizes, of[k])),
            Py_NewRef(PyList_GET_ITEM(bolds, of[k])),
            Py_NewRef(why ? why : PyList_GET_ITEM(bases, of[k])),
            Py_NewRef(space[k] ? Py_True : Py_False),
            Py_NewRef(newline[k] ? Py_True : Py_False),
            Py_NewRef(one),
        };
        PyObject *obj = NULL;
        int complete = 1;
        for (int f = 0; f < RAW_FIELDS; f++) complete &= values[f] != NULL;
        if (complete) obj = cls->tp_alloc(cls, 0);
        if (!obj) {
            for (int f = 0; f < RAW_FIELDS; f++) Py_XDECREF(values[f]);
            goto fail;
        }
        for (int f = 0; f < RAW_FIELDS; f++) *(PyObject **)((char *)obj + offsets[f]) = values[f];
        /* Its values are str, float, bool and int: it can be in no reference cycle, so the cycle
         * collector need not visit it (as CPython untracks tuples of atoms); 3,300 a page otherwise
         * cost more in collections than in their making. */
        if (PyObject_IS_GC(obj)) PyObject_GC_UnTrack(obj);
        PyList_SET_ITEM(list, k, obj);
    }
    goto done;
fail:
    Py_CLEAR(list);
done:
    Py_XDECREF(one);
    PyBuffer_Release(&kept);
    PyBuffer_Release(&boxes);
    PyBuffer_Release(&owner);
    PyBuffer_Release(&spaces);
    PyBuffer_Release(&newlines);
    return list;
}

/* ---- words(fns, textpage, text, width, height, infos, info, hidden, glyphs, cls, squeeze, out) ----
 * pdfium._read_words' loop, step for step (its Python loop is the reference and the fallback): the
 * page's words (runs of characters other than white space, U+00A0 and surrogates) appended to `out`
 * as RawChars (`cls`), plain words of one style on one baseline a word space apart merged into runs.
 * Python still decides what is not geometry: `info(i, key)` gives a text object's _ObjInfo (kept in
 * the dict `infos` by address, which is looked in first, as the Python loop does), `hidden(info, x0,
 * top, x1, bottom)` why a light or off-page word is hidden, and `glyphs(text, i, k, space, newline,
 * out)` reads a word glyph by glyph where its two ends disagree. Only a word's first and last glyph
 * are asked of PDFium. `squeeze` is visibility.MIN_WIDTH_PER_CHAR.
 */
typedef struct {
    PyObject *info, *base, *size_obj, *bold_obj; /* held until the call ends, whatever Python does meanwhile */
    double size, same_line, unit, run_gap;
    int light, bold, plain; /* plain: base == "" */
} WordInfo;

typedef struct {
    Map map;
    WordInfo *items;
    Py_ssize_t count, cap;
    PyObject *infos, *info_fn;
} Infos;

static int info_attr_double(PyObject *info, const char *name, double *out) {
    PyObject *v = PyObject_GetAttrString(info, name);
    if (!v) return -1;
    *out = PyFloat_AsDouble(v);
    Py_DECREF(v);
    return (*out == -1.0 && PyErr_Occurred()) ? -1 : 0;
}

static int info_attr_bool(PyObject *info, const char *name, int *out) {
    PyObject *v = PyObject_GetAttrString(info, name);
    if (!v) return -1;
    *out = PyObject_IsTrue(v);
    Py_DECREF(v);
    return *out < 0 ? -1 : 0;
}

/* The text object's info, by its index in t->items (-1: an exception is set): asked of Python once
 * per object and call, its fields read into C. An index, not a pointer: the items may move. */
static Py_ssize_t word_info(Infos *t, Py_ssize_t i, int64_t key) {
    size_t h = hash64((uint64_t)key), slot = map_slot(&t->map, (uint64_t)key, h);
    if (t->map.values[slot] >= 0) return t->map.values[slot];
    PyObject *k = PyLong_FromLongLong(key);
    if (!k) return -1;
    PyObject *info = PyDict_GetItemWithError(t->infos, k); /* borrowed */
    if (!info && PyErr_Occurred()) {
        Py_DECREF(k);
        return -1;
    }
    if (!info) {
        PyObject *made = PyObject_CallFunction(t->info_fn, "nO", i, k);
        if (!made) {
            Py_DECREF(k);
            return -1;
        }
        info = PyDict_GetItemWithError(t->infos, k); /* info() keeps it there: borrow the dict's */
        if (!info) {
            if (!PyErr_Occurred()) PyErr_SetString(PyExc_RuntimeError, "words: info() did not keep the object");
            Py_DECREF(made);
            Py_DECREF(k);
            return -1;
        }
        Py_DECREF(made);
    }
    Py_DECREF(k);
    if (t->count == t->cap) {
        Py_ssize_t cap = t->cap * 2;
        WordInfo *grown = PyMem_Realloc(t->items, (size_t)cap * sizeof(WordInfo));
        if (!grown) {
            PyErr_NoMemory();
            return -1;
        }
        t->items = grown;
        t->cap = cap;
        /* the map holds indices, not pointers: it stays valid; it was sized for `cap` entries */
    }
    if ((Py_ssize_t)(t->map.mask + 1) < 2 * (t->count + 1) + 2) {
        PyErr_SetString(PyExc_RuntimeError, "words: more text objects than glyphs");
        return -1;
    }
    WordInfo *w = &t->items[t->count];
    memset(w, 0, sizeof(*w));
    w->info = Py_NewRef(info);
    t->count++; /* from here on freed with the rest, whatever fails */
    w->base = PyObject_GetAttrString(info, "base");
    w->size_obj = PyObject_GetAttrString(info, "size");
    w->bold_obj = PyObject_GetAttrString(info, "bold");
    if (!w->base || !w->size_obj || !w->bold_obj) return -1;
    if (!PyUnicode_Check(w->base)) {
        PyErr_SetString(PyExc_TypeError, "words: an info's base must be a str");
        return -1;
    }
    w->plain = PyUnicode_GET_LENGTH(w->base) == 0;
    w->size = PyFloat_AsDouble(w->size_obj);
    if (w->size == -1.0 && PyErr_Occurred()) return -1;
    if ((w->bold = PyObject_IsTrue(w->bold_obj)) < 0) return -1;
    if (info_attr_double(info, "same_line", &w->same_line) < 0 || info_attr_double(info, "unit", &w->unit) < 0 ||
        info_attr_double(info, "run_gap", &w->run_gap) < 0 || info_attr_bool(info, "light", &w->light) < 0)
        return -1;
    t->map.keys[slot] = (uint64_t)key;
    t->map.values[slot] = t->count - 1;
    return t->count - 1;
}

static void infos_free(Infos *t) {
    for (Py_ssize_t k = 0; k < t->count; k++) {
        Py_XDECREF(t->items[k].info);
        Py_XDECREF(t->items[k].base);
        Py_XDECREF(t->items[k].size_obj);
        Py_XDECREF(t->items[k].bold_obj);
    }
    PyMem_Free(t->items);
    map_free(&t->map);
}

static int is_word_char(Py_UCS4 ch) {
    /* what _WORD = "[^\s\u00a0\ud800-\udfff]+" takes: \s of a str pattern is Py_UNICODE_ISSPACE */
    return !(Py_UNICODE_ISSPACE(ch) || ch == 0xA0 || (ch >= 0xD800 && ch <= 0xDFFF));
}

/* The run being grown: its RawChar (in `out`) and the words it will hold, written to it at the end. */
typedef struct {
    PyObject *obj; /* held; NULL: no run */
    PyObject *parts; /* the words after its first, or NULL */
    double size, top, bottom, x1;
    int bold;
} Run;

static int run_flush(Run *run) {
    if (!run->obj || !run->parts) return 0;
    int rc = -1;
    PyObject *first = PyObject_GetAttrString(run->obj, "text");
    PyObject *sep = PyUnicode_FromString(" ");
    PyObject *joined = NULL, *x1 = NULL, *units = NULL;
    if (!first || !sep || PyList_Insert(run->parts, 0, first) < 0) goto done;
    joined = PyUnicode_Join(sep, run->parts);
    x1 = PyFloat_FromDouble(run->x1);
    units = PyLong_FromSsize_t(PyList_GET_SIZE(run->parts));
    if (!joined || !x1 || !units) goto done;
    if (PyObject_SetAttrString(run->obj, "text", joined) < 0 || PyObject_SetAttrString(run->obj, "x1", x1) < 0 ||
        PyObject_SetAttrString(run->obj, "units", units) < 0)
        goto done;
    rc = 0;
done:
    Py_XDECREF(first);
    Py_XDECREF(sep);
    Py_XDECREF(joined);
    Py_XDECREF(x1);
    Py_XDECREF(units);
    Py_CLEAR(run->parts);
    return rc;
}

static PyObject *words(PyObject *self, PyObject *args) {
    PyObject *fns, *tp_obj, *text, *infos, *info_fn, *hidden_fn, *glyphs_fn, *cls, *out;
    double width, height, squeeze;
    GlyphWalk w;
    if (!PyArg_ParseTuple(args, "O!OUddO!OOOOdO!", &PyTuple_Type, &fns, &tp_obj, &text, &width, &height,
                          &PyDict_Type, &infos, &info_fn, &hidden_fn, &glyphs_fn, &cls, &squeeze, &PyList_Type, &out))
        return NULL;
    if (glyph_walk(fns, tp_obj, text, &w) < 0) return NULL;
    Py_ssize_t n = w.n;
    Infos t = {.infos = infos, .info_fn = info_fn, .count = 0, .cap = 16};
    Run run = {0};
    PyObject *squeezed_why = NULL, *result = NULL;
    t.items = PyMem_Malloc((size_t)t.cap * sizeof(WordInfo));
    if (!t.items || map_init(&t.map, n + 1) < 0) {
        PyErr_NoMemory();
        goto done;
    }
    squeezed_why = PyUnicode_FromString("?squeezed");
    if (!squeezed_why) goto done;

    Py_ssize_t last = 0, i = 0;
    while (i < n) {
        if (!is_word_char(PyUnicode_READ(w.kind, w.data, i))) {
            i++;
            continue;
        }
        Py_ssize_t k = i + 1;
        while (k < n && is_word_char(PyUnicode_READ(w.kind, w.data, k))) k++;
        int space, newline;
        if (i - last == 1 && PyUnicode_READ(w.kind, w.data, last) == ' ') {
            space = 1;
            newline = 0;
        } else if (i > last) {
            newline = 0;
            for (Py_ssize_t g = last; g < i; g++) {
                Py_UCS4 ch = PyUnicode_READ(w.kind, w.data, g);
                if (ch == '\r' || ch == '\n') newline = 1;
            }
            space = !newline;
        } else {
            space = newline = 0;
        }
        last = k;
        Py_ssize_t start = i;
        i = k; /* the next word is searched from here */

        int64_t key = (int64_t)(uintptr_t)w.get_object(w.tp, (int)start);
        Py_ssize_t at = word_info(&t, start, key);
        if (at < 0) goto done;
        WordInfo *info = &t.items[at];
        float rect[4] = {0, 0, 0, 0};
        int fallback = !w.get_box(w.tp, (int)start, rect);
        double x0 = rect[0], x1 = rect[2], top = height - (double)rect[1], bottom = height - (double)rect[3];
        Py_ssize_t j = k - 1;
        if (!fallback && j > start) {
            int64_t key_j = (int64_t)(uintptr_t)w.get_object(w.tp, (int)j);
            if (key_j != key) {
                Py_ssize_t at_j = word_info(&t, j, key_j);
                if (at_j < 0) goto done;
                info = &t.items[at]; /* the items may have moved */
                WordInfo *info_j = &t.items[at_j];
                int same_base = PyUnicode_Compare(info_j->base, info->base);
                if (same_base == -1 && PyErr_Occurred()) goto done;
                double dsize = info_j->size - info->size;
                if (same_base != 0 || info_j->light != info->light || info_j->bold != info->bold ||
                    (dsize < 0 ? -dsize : dsize) > 0.5)
                    fallback = 1;
            }
            if (!fallback) {
                float end[4] = {0, 0, 0, 0};
                if (!w.get_box(w.tp, (int)j, end)) {
                    fallback = 1;
                } else {
                    double end_x0 = end[0], end_x1 = end[2], end_top = height - (double)end[1];
                    double dtop = end_top - top;
                    if ((dtop < 0 ? -dtop : dtop) > info->same_line ||
                        end_x1 - x0 > (double)(k - start) * info->unit * 1.1 || end_x0 < x0) {
                        fallback = 1;
                    } else {
                        if (end_x1 > x1) x1 = end_x1;
                        if (end_top < top) top = end_top;
                        double end_bottom = height - (double)end[3];
                        if (end_bottom > bottom) bottom = end_bottom;
                    }
                }
            }
        }
        if (fallback) {
            if (run_flush(&run) < 0) goto done;
            PyObject *r = PyObject_CallFunction(glyphs_fn, "OnnOOO", text, start, k, space ? Py_True : Py_False,
                                                newline ? Py_True : Py_False, out);
            if (!r) goto done;
            Py_DECREF(r);
            continue;
        }
        PyObject *why = info->base; /* borrowed */
        PyObject *why_owned = NULL;
        if (info->plain && (info->light || x1 < 0 || x0 > width || bottom < 0 || top > height)) {
            why_owned = PyObject_CallFunction(hidden_fn, "Odddd", info->info, x0, top, x1, bottom);
            if (!why_owned) goto done;
            if (!PyUnicode_Check(why_owned)) {
                Py_DECREF(why_owned);
                PyErr_SetString(PyExc_TypeError, "words: hidden() must return a str");
                goto done;
            }
            why = why_owned;
        }
        int visible = PyUnicode_GET_LENGTH(why) == 0;
        if (visible && k - start > 2 && x1 - x0 < squeeze * info->unit * (double)(k - start)) {
            why = squeezed_why; /* a text layer over print of its own (a link's text) or over nothing: render */
            visible = 0;
        }
        Py_ssize_t size_out = PyList_GET_SIZE(out);
        if (run.obj && space && visible && k - start > 1 && run.size == info->size && run.bold == info->bold &&
            run.top == top && run.bottom == bottom && x0 - run.x1 >= 0 && x0 - run.x1 <= info->run_gap &&
            size_out > 0 && PyList_GET_ITEM(out, size_out - 1) == run.obj) {
            PyObject *word = PyUnicode_Substring(text, start, k);
            if (!word) {
                Py_XDECREF(why_owned);
                goto done;
            }
            if (!run.parts && !(run.parts = PyList_New(0))) {
                Py_DECREF(word);
                Py_XDECREF(why_owned);
                goto done;
            }
            int rc = PyList_Append(run.parts, word);
            Py_DECREF(word);
            Py_XDECREF(why_owned);
            if (rc < 0) goto done;
            run.x1 = x1;
            continue;
        }
        if (run_flush(&run) < 0) {
            Py_XDECREF(why_owned);
            goto done;
        }
        PyObject *c = PyObject_CallFunction(cls, "NddddOOOOO", PyUnicode_Substring(text, start, k), x0, top, x1,
                                            bottom, info->size_obj, info->bold_obj, why, space ? Py_True : Py_False,
                                            newline ? Py_True : Py_False);
        Py_XDECREF(why_owned);
        if (!c) goto done;
        int rc = PyList_Append(out, c);
        Py_DECREF(c); /* `out` holds it, and `run` below */
        if (rc < 0) goto done;
        if (visible && k - start > 1) {
            Py_XSETREF(run.obj, Py_NewRef(c));
            run.size = info->size;
            run.bold = info->bold;
            run.top = top;
            run.bottom = bottom;
            run.x1 = x1;
        } else {
            Py_CLEAR(run.obj);
        }
    }
    if (run_flush(&run) < 0) goto done;
    result = Py_NewRef(Py_None);
done:
    Py_CLEAR(run.parts);
    Py_CLEAR(run.obj);
    Py_XDECREF(squeezed_why);
    infos_free(&t);
    return result;
}

static PyObject *version(PyObject *self, PyObject *unused) { return PyLong_FromLong(4); }

static PyMethodDef methods[] = {
    {"version", version, METH_NOARGS, "The interface version of this module."},
    {"glyphs", glyphs, METH_VARARGS, "Each glyph's text object and loose box, and the distinct objects."},
    {"rawchars", rawchars, METH_VARARGS, "The glyphs' RawChars, their slots filled from the columns."},
    {"styles", styles, METH_VARARGS, "What the reader asks of each text object, records shared by equal answers."},
    {"spaces", spaces, METH_VARARGS, "The word gaps drawn as space-only text objects: (ys, xs)."},
    {"words", words, METH_VARARGS, "The page's words and runs as RawChars, as pdfium._read_words reads them."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_glyphs", NULL, -1, methods};

PyMODINIT_FUNC PyInit__glyphs(void) { return PyModule_Create(&module); }
