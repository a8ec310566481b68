/* screener.read._scan: the visibility scan's walk over a PDFium page's objects, in C.
 *
 * See screener/read/page_scan.py (the same walk in Python, the fallback and the reference) and
 * page_scan_c.py (what Python does with these answers). This module is not linked against PDFium:
 * Python passes the addresses of the PDFium functions pypdfium2 loaded (FNS_NAMES gives their
 * order), and every call goes through those pointers with the C signatures of PDFium's public API
 * (fpdf_edit.h, fpdf_transformpage.h). It keeps the GIL throughout (PDFium is not thread-safe),
 * releases nothing it does not own, and raises a Python exception rather than reading out of bounds.
 *
 * Floating point: boxes are the floats PDFium returns, widened to double exactly as ctypes widens
 * them; the clip test and the pair test below do the same double operations, in the same order,
 * as the Python code (min/max with Python's and numpy's NaN rules), so they decide the same.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

/* PDFium's object kinds (fpdf_edit.h, FPDF_PAGEOBJ_*): part of its stable public API. */
enum { KIND_UNKNOWN = 0, KIND_TEXT = 1, KIND_PATH = 2, KIND_IMAGE = 3, KIND_SHADING = 4, KIND_FORM = 5 };
enum { MODE_FILL = 0, MODE_FILL_STROKE = 2, MODE_INVISIBLE = 3 };
#define MAX_FORM_DEPTH 32 /* the most `form_depth` may ask for: bounds the recursion */
#define TONE_ALPHA_MIN 40 /* a fill alpha under this has no tone (page_scan._luminance) */

typedef void *Handle;
typedef int (*CountObjectsFn)(Handle page);
typedef Handle (*GetObjectFn)(Handle page, int index);
typedef int (*GetTypeFn)(Handle obj);
typedef int (*FormCountFn)(Handle form);
typedef Handle (*FormObjectFn)(Handle form, unsigned long index);
typedef int (*BoundsFn)(Handle obj, float *left, float *bottom, float *right, float *top);
typedef int (*RenderModeFn)(Handle text);
typedef int (*TransparencyFn)(Handle obj);
typedef Handle (*ClipFn)(Handle obj);
typedef int (*ClipPathsFn)(Handle clip);
typedef int (*ClipSegmentsFn)(Handle clip, int path);
typedef Handle (*ClipSegmentFn)(Handle clip, int path, int segment);
typedef int (*PointFn)(Handle segment, float *x, float *y);
typedef int (*FillColorFn)(Handle obj, unsigned int *r, unsigned int *g, unsigned int *b, unsigned int *a);
typedef int (*DrawModeFn)(Handle path, int *fillmode, int *stroke);
typedef int (*SetFillColorFn)(Handle obj, unsigned int r, unsigned int g, unsigned int b, unsigned int a);

/* The order of the addresses in `fns` (FNS_NAMES in the module names them for Python). */
typedef struct {
    CountObjectsFn count_objects;   /* FPDFPage_CountObjects */
    GetObjectFn get_object;         /* FPDFPage_GetObject */
    GetTypeFn get_type;             /* FPDFPageObj_GetType */
    FormCountFn form_count;         /* FPDFFormObj_CountObjects */
    FormObjectFn form_object;       /* FPDFFormObj_GetObject */
    BoundsFn bounds;                /* FPDFPageObj_GetBounds */
    RenderModeFn render_mode;       /* FPDFTextObj_GetTextRenderMode */
    TransparencyFn transparency;    /* FPDFPageObj_HasTransparency */
    ClipFn clip;                    /* FPDFPageObj_GetClipPath */
    ClipPathsFn clip_paths;         /* FPDFClipPath_CountPaths */
    ClipSegmentsFn clip_segments;   /* FPDFClipPath_CountPathSegments */
    ClipSegmentFn clip_segment;     /* FPDFClipPath_GetPathSegment */
    PointFn point;                  /* FPDFPathSegment_GetPoint */
    FillColorFn fill_color;         /* FPDFPageObj_GetFillColor */
    DrawModeFn draw_mode;           /* FPDFPath_GetDrawMode */
    SetFillColorFn set_fill_color;  /* FPDFPageObj_SetFillColor (only ever on alpha_text's copy of a page) */
} Fns;

static const char *FNS_NAMES[] = {
    "FPDFPage_CountObjects", "FPDFPage_GetObject", "FPDFPageObj_GetType", "FPDFFormObj_CountObjects",
    "FPDFFormObj_GetObject", "FPDFPageObj_GetBounds", "FPDFTextObj_GetTextRenderMode",
    "FPDFPageObj_HasTransparency", "FPDFPageObj_GetClipPath", "FPDFClipPath_CountPaths",
    "FPDFClipPath_CountPathSegments", "FPDFClipPath_GetPathSegment", "FPDFPathSegment_GetPoint",
    "FPDFPageObj_GetFillColor", "FPDFPath_GetDrawMode", "FPDFPageObj_SetFillColor",
};
#define N_FNS ((Py_ssize_t)(sizeof(FNS_NAMES) / sizeof(FNS_NAMES[0])))
_Static_assert(sizeof(FNS_NAMES) / sizeof(FNS_NAMES[0]) == sizeof(Fns) / sizeof(void (*)(void)), "one name per function");

/* A text object with a box, for the pair test (page_scan_c.TEXT_RECORD mirrors this layout). */
typedef struct {
    double box[4]; /* left, bottom, right, top */
    int64_t z;     /* drawing order */
    uint64_t address;
    int32_t tone_ok; /* its fill colour was read and is not (nearly) transparent */
    uint32_t rgb[3];
} TextRecord;

/* An image, path or shading that may cover text or lie under it (page_scan_c.OTHER_RECORD). */
typedef struct {
    double box[4];
    int64_t z;
    uint64_t address; /* the object, where alpha_text asks whether it is opaque */
    int32_t kind;
    int32_t filled;
    int32_t tone_ok; /* a filled path whose fill colour was read and is not (nearly) transparent */
    uint32_t rgb[3];
} OtherRecord;

/* A growable array of fixed-size records. */
typedef struct {
    char *data;
    Py_ssize_t count, capacity, size;
} Records;

static void *records_add(Records *r) {
    if (r->count == r->capacity) {
        Py_ssize_t capacity = r->capacity ? 2 * r->capacity : 256;
        if (capacity > PY_SSIZE_T_MAX / r->size) {
            PyErr_NoMemory();
            return NULL;
        }
        char *data = PyMem_Realloc(r->data, (size_t)(capacity * r->size));
        if (data == NULL) {
            PyErr_NoMemory();
            return NULL;
        }
        r->data = data;
        r->capacity = capacity;
    }
    void *slot = r->data + r->count * r->size;
    memset(slot, 0, (size_t)r->size);
    r->count++;
    return slot;
}

static PyObject *records_bytes(const Records *r) {
    return PyBytes_FromStringAndSize(r->data ? r->data : "", r->count * r->size);
}

/* Interned reasons, made once at import. */
static PyObject *REASON_RENDER_MODE, *REASON_TRANSPARENT, *REASON_CLIPPED;

typedef struct {
    const Fns *f;
    int form_depth;
    int64_t z;
    long images;
    int deep;
    PyObject *texts;     /* list: every text object's address */
    PyObject *invisible; /* set: those in render mode 3 */
    PyObject *top_texts; /* list of (address, box): the page's own text objects with a box */
    PyObject *suspects;  /* dict: address -> reason */
    Records text_records, other_records;
} Walk;

/* Python's max(a, b) and min over a sequence keep the first unless a later one is strictly greater
 * (smaller): NaN behaves as it does there. */
static inline double py_max2(double a, double b) { return b > a ? b : a; }

/* page_scan._clip_cuts: True when a clip path leaves part of the object's box outside. */
static int clip_cuts(const Fns *f, Handle clip, const double box[4]) {
    double left = box[0], bottom = box[1], right = box[2], top = box[3];
    /* 0.25 * m is exact (a power of two times m >= 1 or NaN): fusing `left + slack` changes nothing. */
    double slack = 0.25 * py_max2(top - bottom, 1.0);
    int paths = f->clip_paths(clip);
    for (int k = 0; k < paths; k++) {
        int n = f->clip_segments(clip, k);
        if (n <= 0)
            return 1; /* an empty clip shows nothing */
        int seen = 0;
        double min_x = 0, max_x = 0, min_y = 0, max_y = 0;
        for (int s = 0; s < n; s++) {
            Handle seg = f->clip_segment(clip, k, s);
            float x = 0, y = 0;
            if (seg == NULL || !f->point(seg, &x, &y))
                continue;
            double dx = (double)x, dy = (double)y;
            if (!seen) {
                min_x = max_x = dx;
                min_y = max_y = dy;
                seen = 1;
                continue;
            }
            if (dx < min_x) min_x = dx;
            if (dx > max_x) max_x = dx;
            if (dy < min_y) min_y = dy;
            if (dy > max_y) max_y = dy;
        }
        if (!seen)
            return 1;
        if (min_x > left + slack || max_x < right - slack || min_y > bottom + slack || max_y < top - slack)
            return 1;
    }
    return 0;
}

static int get_box(const Fns *f, Handle obj, double box[4]) {
    float l = 0, b = 0, r = 0, t = 0;
    if (!f->bounds(obj, &l, &b, &r, &t))
        return 0;
    box[0] = (double)l;
    box[1] = (double)b;
    box[2] = (double)r;
    box[3] = (double)t;
    return 1;
}

/* The fill colour, when it has a tone (page_scan._luminance is not None): 1, with rgb filled in. */
static int tone(const Fns *f, Handle obj, uint32_t rgb[3]) {
    unsigned int r = 0, g = 0, b = 0, a = 0;
    if (!f->fill_color(obj, &r, &g, &b, &a) || a < TONE_ALPHA_MIN)
        return 0;
    rgb[0] = r;
    rgb[1] = g;
    rgb[2] = b;
    return 1;
}

/* (left, bottom, right, top) as Python floats; (address, box) for top_texts. Both hold only ints and
 * floats, so they are untracked by the garbage collector at once, as CPython itself untracks such tuples
 * at their first collection: thousands a page would otherwise make every young collection walk them. */
static PyObject *box_entry(PyObject *address, const double box[4]) {
    PyObject *corners = PyTuple_New(4);
    if (corners == NULL)
        return NULL;
    for (Py_ssize_t i = 0; i < 4; i++) {
        PyObject *v = PyFloat_FromDouble(box[i]);
        if (v == NULL) {
            Py_DECREF(corners);
            return NULL;
        }
        PyTuple_SET_ITEM(corners, i, v);
    }
    PyObject_GC_UnTrack(corners);
    PyObject *entry = PyTuple_New(2);
    if (entry == NULL) {
        Py_DECREF(corners);
        return NULL;
    }
    Py_INCREF(address);
    PyTuple_SET_ITEM(entry, 0, address);
    PyTuple_SET_ITEM(entry, 1, corners);
    PyObject_GC_UnTrack(entry);
    return entry;
}

/* The reason a text object with a box needs the render test, or NULL (page_scan.scan's text()). */
static PyObject *text_reason(const Fns *f, Handle obj, int mode, const double box[4]) {
    if (mode != MODE_FILL && mode != MODE_FILL_STROKE)
        return REASON_RENDER_MODE;
    if (f->transparency(obj))
        return REASON_TRANSPARENT;
    Handle clip = f->clip(obj);
    if (clip != NULL && f->clip_paths(clip) > 0 && clip_cuts(f, clip, box)) /* -1: no clip */
        return REASON_CLIPPED;
    return NULL;
}

/* page_scan.scan's text(): lists, marks and records one text object. */
static int text_with(Walk *w, Handle obj, int depth, PyObject *address) {
    const Fns *f = w->f;
    if (PyList_Append(w->texts, address) < 0)
        return -1;
    int mode = f->render_mode(obj);
    if (mode == MODE_INVISIBLE && PySet_Add(w->invisible, address) < 0)
        return -1;
    double box[4];
    if (!get_box(f, obj, box))
        return 0;
    if (depth == 0) {
        PyObject *entry = box_entry(address, box);
        if (entry == NULL)
            return -1;
        int rc = PyList_Append(w->top_texts, entry);
        Py_DECREF(entry);
        if (rc < 0)
            return -1;
    }
    PyObject *reason = text_reason(f, obj, mode, box);
    if (reason != NULL && PyDict_SetItem(w->suspects, address, reason) < 0)
        return -1;
    TextRecord *rec = records_add(&w->text_records);
    if (rec == NULL)
        return -1;
    memcpy(rec->box, box, sizeof(box));
    rec->z = w->z;
    rec->address = (uint64_t)(uintptr_t)obj;
    rec->tone_ok = tone(f, obj, rec->rgb);
    return 0;
}

static int text(Walk *w, Handle obj, int depth) {
    PyObject *address = PyLong_FromVoidPtr(obj); /* one int, shared by every container that lists it */
    if (address == NULL)
        return -1;
    int rc = text_with(w, obj, depth, address);
    Py_DECREF(address);
    return rc;
}

/* page_scan._other: an image, path or shading that may cover text or lie under it. */
static int other(Walk *w, Handle obj, int kind) {
    const Fns *f = w->f;
    if (kind == KIND_IMAGE)
        w->images++;
    if (kind != KIND_IMAGE && kind != KIND_PATH && kind != KIND_SHADING)
        return 0;
    double box[4];
    if (!get_box(f, obj, box))
        return 0;
    int filled = 1;
    if (kind == KIND_PATH) {
        int fill = 0, stroke = 0;
        if (!f->draw_mode(obj, &fill, &stroke))
            return 0;
        filled = fill != 0;
        if (!filled && !stroke)
            return 0;
    }
    OtherRecord *rec = records_add(&w->other_records);
    if (rec == NULL)
        return -1;
    memcpy(rec->box, box, sizeof(box));
    rec->z = w->z;
    rec->address = (uint64_t)(uintptr_t)obj;
    rec->kind = kind;
    rec->filled = filled;
    rec->tone_ok = kind == KIND_PATH && filled ? tone(f, obj, rec->rgb) : 0;
    return 0;
}

/* page_scan.scan's visit(): one object in drawing order; forms recurse to form_depth. */
static int visit(Walk *w, Handle obj, int depth) {
    const Fns *f = w->f;
    w->z++;
    int kind = obj ? f->get_type(obj) : KIND_UNKNOWN;
    if (kind == KIND_TEXT)
        return text(w, obj, depth);
    if (kind == KIND_FORM) {
        if (depth >= w->form_depth) {
            w->deep = 1; /* text in it is not scanned (the reader asks PDFium for its render mode) */
            return 0;
        }
        int n = f->form_count(obj); /* negative: an error, no objects */
        for (int k = 0; k < n; k++) {
            if (visit(w, f->form_object(obj, (unsigned long)k), depth + 1) < 0)
                return -1;
        }
        return 0;
    }
    return other(w, obj, kind);
}

static int read_fns(PyObject *seq, Fns *fns) {
    if (!PyTuple_Check(seq) || PyTuple_GET_SIZE(seq) != N_FNS) {
        PyErr_Format(PyExc_ValueError, "fns must be a tuple of %zd function addresses", N_FNS);
        return -1;
    }
    uintptr_t a[sizeof(FNS_NAMES) / sizeof(FNS_NAMES[0])];
    for (Py_ssize_t i = 0; i < N_FNS; i++) {
        a[i] = (uintptr_t)PyLong_AsVoidPtr(PyTuple_GET_ITEM(seq, i));
        if (a[i] == 0) {
            if (!PyErr_Occurred())
                PyErr_Format(PyExc_ValueError, "no address for %s", FNS_NAMES[i]);
            return -1;
        }
    }
    fns->count_objects = (CountObjectsFn)a[0];
    fns->get_object = (GetObjectFn)a[1];
    fns->get_type = (GetTypeFn)a[2];
    fns->form_count = (FormCountFn)a[3];
    fns->form_object = (FormObjectFn)a[4];
    fns->bounds = (BoundsFn)a[5];
    fns->render_mode = (RenderModeFn)a[6];
    fns->transparency = (TransparencyFn)a[7];
    fns->clip = (ClipFn)a[8];
    fns->clip_paths = (ClipPathsFn)a[9];
    fns->clip_segments = (ClipSegmentsFn)a[10];
    fns->clip_segment = (ClipSegmentFn)a[11];
    fns->point = (PointFn)a[12];
    fns->fill_color = (FillColorFn)a[13];
    fns->draw_mode = (DrawModeFn)a[14];
    fns->set_fill_color = (SetFillColorFn)a[15];
    return 0;
}

static void walk_clear(Walk *w) {
    Py_CLEAR(w->texts);
    Py_CLEAR(w->invisible);
    Py_CLEAR(w->top_texts);
    Py_CLEAR(w->suspects);
    PyMem_Free(w->text_records.data);
    PyMem_Free(w->other_records.data);
    w->text_records.data = w->other_records.data = NULL;
}

/* The function table and a page handle every entry point takes (NULL with an exception set when
 * either is wrong); `what` names the handle in the message. */
static Handle page_args(PyObject *fn_tuple, Fns *fns, PyObject *page_obj, const char *what) {
    if (read_fns(fn_tuple, fns) < 0)
        return NULL;
    Handle page = PyLong_AsVoidPtr(page_obj);
    if (page == NULL && !PyErr_Occurred())
        PyErr_Format(PyExc_ValueError, "%s must be a PDFium page handle (a nonzero address)", what);
    return page;
}

static PyObject *scan(PyObject *self, PyObject *args) {
    PyObject *fn_tuple, *page_obj;
    int form_depth;
    if (!PyArg_ParseTuple(args, "O!Oi:scan", &PyTuple_Type, &fn_tuple, &page_obj, &form_depth))
        return NULL;
    Fns fns;
    Handle page = page_args(fn_tuple, &fns, page_obj, "page");
    if (page == NULL)
        return NULL;
    if (form_depth < 0 || form_depth > MAX_FORM_DEPTH) {
        PyErr_Format(PyExc_ValueError, "form_depth must be within 0..%d", MAX_FORM_DEPTH);
        return NULL;
    }
    Walk w;
    memset(&w, 0, sizeof(w));
    w.f = &fns;
    w.form_depth = form_depth;
    w.text_records.size = sizeof(TextRecord);
    w.other_records.size = sizeof(OtherRecord);
    w.texts = PyList_New(0);
    w.invisible = PySet_New(NULL);
    w.top_texts = PyList_New(0);
    w.suspects = PyDict_New();
    if (!w.texts || !w.invisible || !w.top_texts || !w.suspects) {
        walk_clear(&w);
        return NULL;
    }
    int n = fns.count_objects(page); /* negative: an error, no objects */
    for (int i = 0; i < n; i++) {
        if (visit(&w, fns.get_object(page, i), 0) < 0) {
            walk_clear(&w);
            return NULL;
        }
    }
    PyObject *text_bytes = records_bytes(&w.text_records);
    PyObject *other_bytes = text_bytes ? records_bytes(&w.other_records) : NULL;
    PyObject *result = NULL;
    if (other_bytes != NULL)
        result = Py_BuildValue("(OOOOlOOO)", w.texts, w.invisible, w.top_texts, w.suspects, w.images,
                               w.deep ? Py_True : Py_False, text_bytes, other_bytes);
    Py_XDECREF(text_bytes);
    Py_XDECREF(other_bytes);
    walk_clear(&w);
    return result;
}

/* numpy's minimum and maximum: NaN wins. */
static inline double np_min(double a, double b) { return a != a ? a : (b != b ? b : (a < b ? a : b)); }
static inline double np_max(double a, double b) { return a != a ? a : (b != b ? b : (a > b ? a : b)); }
static inline double np_clip0(double a) { return a != a ? a : (a < 0.0 ? 0.0 : a); }

enum { COVERED = 1, BEHIND_IMAGE = 2, UNDER = 4 };

typedef struct {
    Py_buffer view;
    int held;
} Buffer;

static int get_buffer(PyObject *obj, Buffer *b, Py_ssize_t item, const char *name) {
    if (PyObject_GetBuffer(obj, &b->view, PyBUF_C_CONTIGUOUS) < 0)
        return -1;
    b->held = 1;
    if (b->view.len % item != 0) {
        PyErr_Format(PyExc_ValueError, "%s: %zd bytes is not a whole number of %zd-byte records", name,
                     b->view.len, item);
        return -1;
    }
    return 0;
}

/* page_scan._relate's pair test: which text objects a later drawing covers (COVERED, BEHIND_IMAGE
 * when it is an image) or an earlier fill lies under (UNDER: its tone unknown or too close). */
static PyObject *relate(PyObject *self, PyObject *args) {
    PyObject *texts_obj, *tones_obj, *others_obj, *lums_obj;
    double cover_share, under_share, same_tone;
    if (!PyArg_ParseTuple(args, "OOOOddd:relate", &texts_obj, &tones_obj, &others_obj, &lums_obj, &cover_share,
                          &under_share, &same_tone))
        return NULL;
    Buffer tb = {0}, toneb = {0}, ob = {0}, lumb = {0};
    PyObject *result = NULL;
    if (get_buffer(texts_obj, &tb, sizeof(TextRecord), "texts") < 0 ||
        get_buffer(tones_obj, &toneb, sizeof(double), "tones") < 0 ||
        get_buffer(others_obj, &ob, sizeof(OtherRecord), "others") < 0 ||
        get_buffer(lums_obj, &lumb, sizeof(double), "lums") < 0)
        goto done;
    Py_ssize_t n = tb.view.len / (Py_ssize_t)sizeof(TextRecord), m = ob.view.len / (Py_ssize_t)sizeof(OtherRecord);
    if (toneb.view.len / (Py_ssize_t)sizeof(double) != n || lumb.view.len / (Py_ssize_t)sizeof(double) != m) {
        PyErr_SetString(PyExc_ValueError, "tones must match texts and lums must match others");
        goto done;
    }
    result = PyBytes_FromStringAndSize(NULL, n);
    if (result == NULL)
        goto done;
    char *flags = PyBytes_AS_STRING(result);
    /* Records and doubles are copied out (memcpy), so a buffer need not be aligned. */
    const char *tdata = tb.view.buf, *odata = ob.view.buf, *tones = toneb.view.buf, *lums = lumb.view.buf;
    int positive_shares = cover_share > 0 && under_share > 0;
    for (Py_ssize_t k = 0; k < n; k++) {
        TextRecord t;
        memcpy(&t, tdata + k * (Py_ssize_t)sizeof(TextRecord), sizeof(t));
        double area = np_max((t.box[2] - t.box[0]) * (t.box[3] - t.box[1]), 1e-6);
        double tone_k;
        memcpy(&tone_k, tones + k * (Py_ssize_t)sizeof(double), sizeof(double));
        int flag = 0;
        for (Py_ssize_t j = 0; j < m && flag != (COVERED | BEHIND_IMAGE | UNDER); j++) {
            OtherRecord o;
            memcpy(&o, odata + j * (Py_ssize_t)sizeof(OtherRecord), sizeof(o));
            double wd = np_min(t.box[2], o.box[2]) - np_max(t.box[0], o.box[0]);
            if (positive_shares && !(wd > 0))
                continue; /* a share of 0 or NaN: under either threshold */
            double ht = np_min(t.box[3], o.box[3]) - np_max(t.box[1], o.box[1]);
            double share = np_clip0(wd) * np_clip0(ht) / area;
            if (o.z > t.z) {
                if (share >= cover_share)
                    flag |= COVERED | (o.kind == KIND_IMAGE ? BEHIND_IMAGE : 0);
            } else if (share >= under_share && o.filled) {
                double lum;
                memcpy(&lum, lums + j * (Py_ssize_t)sizeof(double), sizeof(double));
                int unknown = o.kind != KIND_PATH || lum != lum;
                double diff = lum - tone_k;
                if (unknown || tone_k != tone_k || (diff < 0 ? -diff : diff) < same_tone)
                    flag |= UNDER;
            }
        }
        flags[k] = (char)flag;
    }
done:
    if (tb.held) PyBuffer_Release(&tb.view);
    if (toneb.held) PyBuffer_Release(&toneb.view);
    if (ob.held) PyBuffer_Release(&ob.view);
    if (lumb.held) PyBuffer_Release(&lumb.view);
    return result;
}

/* alpha_text's candidate: a see-through text object that compositing may settle
 * (alpha_text.ALPHA_RECORD mirrors this layout). */
typedef struct {
    uint64_t address; /* on the page that is read */
    int32_t position; /* among the page's own objects */
    uint32_t alpha;
    uint32_t rgb[3];
    uint32_t pad_; /* to a whole number of 8-byte words, as numpy lays the record out */
} AlphaRecord;

static int compare_u64(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* alpha_text._candidates: of the `wanted` text objects of `page` (sorted addresses), those drawn in
 * render mode 0 with a fill alpha in alpha_min..254 and no clip cutting them, read without changing
 * anything; and every address of the page's own objects (the `top` bytes, uint64 each, in drawing order). */
static PyObject *alpha_candidates(PyObject *self, PyObject *args) {
    PyObject *fn_tuple, *page_obj, *wanted_obj;
    unsigned int alpha_min;
    if (!PyArg_ParseTuple(args, "O!OOI:alpha_candidates", &PyTuple_Type, &fn_tuple, &page_obj, &wanted_obj,
                          &alpha_min))
        return NULL;
    Fns fns;
    const Fns *f = &fns;
    Handle page = page_args(fn_tuple, &fns, page_obj, "page");
    if (page == NULL)
        return NULL;
    Buffer wb = {0};
    PyObject *result = NULL, *found_bytes = NULL, *top_bytes = NULL;
    Records found = {NULL, 0, 0, sizeof(AlphaRecord)}, top = {NULL, 0, 0, sizeof(uint64_t)};
    if (get_buffer(wanted_obj, &wb, sizeof(uint64_t), "wanted") < 0)
        goto done;
    Py_ssize_t n_wanted = wb.view.len / (Py_ssize_t)sizeof(uint64_t);
    const uint64_t *wanted = wb.view.buf;
    for (Py_ssize_t k = 1; k < n_wanted; k++) {
        if (wanted[k - 1] >= wanted[k]) {
            PyErr_SetString(PyExc_ValueError, "wanted must hold increasing addresses");
            goto done;
        }
    }
    int n = f->count_objects(page); /* negative: an error, no objects */
    for (int i = 0; i < n; i++) {
        Handle obj = f->get_object(page, i);
        uint64_t address = (uint64_t)(uintptr_t)obj;
        uint64_t *slot = records_add(&top);
        if (slot == NULL)
            goto done;
        *slot = address;
        if (obj == NULL || n_wanted == 0 ||
            bsearch(&address, wanted, (size_t)n_wanted, sizeof(uint64_t), compare_u64) == NULL)
            continue;
        if (f->get_type(obj) != KIND_TEXT || f->render_mode(obj) != MODE_FILL)
            continue;
        unsigned int r = 0, g = 0, b = 0, a = 0;
        if (!f->fill_color(obj, &r, &g, &b, &a) || a < alpha_min || a >= 255)
            continue;
        double box[4];
        if (!get_box(f, obj, box))
            continue;
        Handle clip = f->clip(obj);
        if (clip != NULL && f->clip_paths(clip) > 0 && clip_cuts(f, clip, box))
            continue;
        AlphaRecord *rec = records_add(&found);
        if (rec == NULL)
            goto done;
        memset(rec, 0, sizeof(*rec));
        rec->address = address;
        rec->position = i;
        rec->alpha = a;
        rec->rgb[0] = r;
        rec->rgb[1] = g;
        rec->rgb[2] = b;
    }
    found_bytes = records_bytes(&found);
    top_bytes = found_bytes ? records_bytes(&top) : NULL;
    if (top_bytes != NULL)
        result = PyTuple_Pack(2, found_bytes, top_bytes);
done:
    Py_XDECREF(found_bytes);
    Py_XDECREF(top_bytes);
    PyMem_Free(found.data);
    PyMem_Free(top.data);
    if (wb.held) PyBuffer_Release(&wb.view);
    return result;
}

/* alpha_text._alpha_only: for each position (int32) of `copy`, a second load of the page, 1 where the
 * text object there has no transparency left once its fill alpha is set to 255 (no soft mask, no blend
 * mode), else 0. It changes the copy's objects: never pass the page that is read. */
static PyObject *alpha_only(PyObject *self, PyObject *args) {
    PyObject *fn_tuple, *copy_obj, *positions_obj;
    if (!PyArg_ParseTuple(args, "O!OO:alpha_only", &PyTuple_Type, &fn_tuple, &copy_obj, &positions_obj))
        return NULL;
    Fns fns;
    const Fns *f = &fns;
    Handle copy = page_args(fn_tuple, &fns, copy_obj, "copy");
    if (copy == NULL)
        return NULL;
    Buffer pb = {0};
    PyObject *result = NULL;
    if (get_buffer(positions_obj, &pb, sizeof(int32_t), "positions") < 0)
        goto done;
    Py_ssize_t n = pb.view.len / (Py_ssize_t)sizeof(int32_t);
    result = PyBytes_FromStringAndSize(NULL, n);
    if (result == NULL)
        goto done;
    char *ok = PyBytes_AS_STRING(result);
    int count = f->count_objects(copy);
    for (Py_ssize_t k = 0; k < n; k++) {
        int32_t i;
        memcpy(&i, (const char *)pb.view.buf + k * (Py_ssize_t)sizeof(int32_t), sizeof(i));
        ok[k] = 0;
        if (i < 0 || i >= count)
            continue;
        Handle twin = f->get_object(copy, i);
        unsigned int r = 0, g = 0, b = 0, a = 0;
        if (twin == NULL || f->get_type(twin) != KIND_TEXT || !f->fill_color(twin, &r, &g, &b, &a))
            continue;
        ok[k] = f->set_fill_color(twin, r, g, b, 255) && !f->transparency(twin);
    }
done:
    if (pb.held) PyBuffer_Release(&pb.view);
    return result;
}

static PyObject *version(PyObject *self, PyObject *unused) { return PyLong_FromLong(3); }

static PyMethodDef methods[] = {
    {"version", version, METH_NOARGS, "The interface version of this module."},
    {"scan", scan, METH_VARARGS,
     "scan(fns, page, form_depth) -> (texts, invisible, top_texts, suspects, images, deep, text_records, "
     "other_records): one walk over a PDFium page's objects (see page_scan_c.py)."},
    {"alpha_candidates", alpha_candidates, METH_VARARGS,
     "alpha_candidates(fns, page, wanted, alpha_min) -> (alpha_records, top): alpha_text's candidates, "
     "read without changing the page, and the page's own objects' addresses."},
    {"alpha_only", alpha_only, METH_VARARGS,
     "alpha_only(fns, copy, positions) -> bytes: 1 where the copy's text object has no transparency "
     "but its fill alpha (the copy's objects are changed)."},
    {"relate", relate, METH_VARARGS,
     "relate(text_records, tones, other_records, lums, cover_share, under_share, same_tone) -> bytes: "
     "per text record, 1 covered | 2 behind an image | 4 on a fill of unknown or close tone."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_scan", NULL, -1, methods};

PyMODINIT_FUNC PyInit__scan(void) {
    PyObject *m = PyModule_Create(&module);
    if (m == NULL)
        return NULL;
    PyObject *names = PyTuple_New(N_FNS);
    if (names == NULL)
        goto fail;
    for (Py_ssize_t i = 0; i < N_FNS; i++) {
        PyObject *s = PyUnicode_FromString(FNS_NAMES[i]);
        if (s == NULL) {
            Py_DECREF(names);
            goto fail;
        }
        PyTuple_SET_ITEM(names, i, s);
    }
    if (PyModule_AddObject(m, "FNS_NAMES", names) < 0) {
        Py_DECREF(names);
        goto fail;
    }
    if (PyModule_AddIntConstant(m, "TEXT_RECORD_SIZE", (long)sizeof(TextRecord)) < 0 ||
        PyModule_AddIntConstant(m, "OTHER_RECORD_SIZE", (long)sizeof(OtherRecord)) < 0 ||
        PyModule_AddIntConstant(m, "ALPHA_RECORD_SIZE", (long)sizeof(AlphaRecord)) < 0 ||
        PyModule_AddIntConstant(m, "KIND_TEXT", KIND_TEXT) < 0 || PyModule_AddIntConstant(m, "KIND_PATH", KIND_PATH) < 0 ||
        PyModule_AddIntConstant(m, "KIND_IMAGE", KIND_IMAGE) < 0 ||
        PyModule_AddIntConstant(m, "KIND_SHADING", KIND_SHADING) < 0 ||
        PyModule_AddIntConstant(m, "KIND_FORM", KIND_FORM) < 0)
        goto fail;
    REASON_RENDER_MODE = PyUnicode_InternFromString("render-mode");
    REASON_TRANSPARENT = PyUnicode_InternFromString("transparent");
    REASON_CLIPPED = PyUnicode_InternFromString("clipped");
    if (!REASON_RENDER_MODE || !REASON_TRANSPARENT || !REASON_CLIPPED)
        goto fail;
    return m;
fail:
    Py_DECREF(m);
    return NULL;
}
