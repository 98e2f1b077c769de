/* extract_media.c - images, audio and video: the type from the magic bytes,
 * and for images the pixel size read from the header (no decoding). */
#include "packs/extract/extract_int.h"

#include <string.h>

static uint32_t be16(const unsigned char *p)
{
    return (uint32_t)p[0] << 8 | p[1];
}

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint32_t le16(const unsigned char *p)
{
    return (uint32_t)p[1] << 8 | p[0];
}

static uint32_t le24(const unsigned char *p)
{
    return (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

static uint32_t le32(const unsigned char *p)
{
    return le24(p) | (uint32_t)p[3] << 24;
}

/* JPEG: walk the marker segments to the first start-of-frame. */
static bool jpeg_size(const unsigned char *d, size_t n, int *w, int *h)
{
    size_t i = 2;
    while (i + 4 <= n) {
        if (d[i] != 0xFF)
            return false;
        unsigned m = d[i + 1];
        if (m == 0xFF) { /* fill byte */
            i++;
            continue;
        }
        if (m == 0xD8 || m == 0x01 || (m >= 0xD0 && m <= 0xD7)) {
            i += 2;
            continue;
        }
        size_t seg = be16(d + i + 2);
        bool sof = m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
        if (sof && i + 9 <= n) {
            *h = (int)be16(d + i + 5);
            *w = (int)be16(d + i + 7);
            return true;
        }
        if (seg < 2)
            return false;
        i += 2 + seg;
    }
    return false;
}

/* WebP: lossy (VP8), lossless (VP8L) or extended (VP8X) headers. */
static bool webp_size(const unsigned char *d, size_t n, int *w, int *h)
{
    if (n >= 30 && memcmp(d + 12, "VP8 ", 4) == 0) {
        *w = (int)(le16(d + 26) & 0x3FFF);
        *h = (int)(le16(d + 28) & 0x3FFF);
        return true;
    }
    if (n >= 25 && memcmp(d + 12, "VP8L", 4) == 0) {
        uint32_t v = le32(d + 21);
        *w = (int)(v & 0x3FFF) + 1;
        *h = (int)((v >> 14) & 0x3FFF) + 1;
        return true;
    }
    if (n >= 30 && memcmp(d + 12, "VP8X", 4) == 0) {
        *w = (int)le24(d + 24) + 1;
        *h = (int)le24(d + 27) + 1;
        return true;
    }
    return false;
}

static bool image_kind(const unsigned char *d, size_t n, const char **type, int *w, int *h)
{
    if (n >= 24 && memcmp(d, "\x89PNG\r\n\x1a\n", 8) == 0 && memcmp(d + 12, "IHDR", 4) == 0) {
        *type = "png";
        *w = (int)be32(d + 16);
        *h = (int)be32(d + 20);
        return true;
    }
    if (n >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF) {
        *type = "jpeg";
        jpeg_size(d, n, w, h);
        return true;
    }
    if (n >= 10 && (memcmp(d, "GIF87a", 6) == 0 || memcmp(d, "GIF89a", 6) == 0)) {
        *type = "gif";
        *w = (int)le16(d + 6);
        *h = (int)le16(d + 8);
        return true;
    }
    if (n >= 26 && d[0] == 'B' && d[1] == 'M' && le32(d + 14) >= 12) {
        *type = "bmp";
        int32_t bh = (int32_t)le32(d + 22);
        *w = (int)(int32_t)le32(d + 18);
        *h = bh == INT32_MIN ? 0 : (bh < 0 ? -bh : bh); /* negative: top-down rows */
        return true;
    }
    if (n >= 16 && memcmp(d, "RIFF", 4) == 0 && memcmp(d + 8, "WEBP", 4) == 0) {
        *type = "webp";
        webp_size(d, n, w, h);
        return true;
    }
    if (n >= 4 && (memcmp(d, "II*\0", 4) == 0 || memcmp(d, "MM\0*", 4) == 0)) {
        *type = "tiff";
        return true;
    }
    return false;
}

/* Audio and video containers; *video tells which. */
static const char *av_kind(const unsigned char *d, size_t n, bool *video)
{
    *video = false;
    if (n >= 12 && memcmp(d, "RIFF", 4) == 0) {
        if (memcmp(d + 8, "WAVE", 4) == 0)
            return "wav";
        if (memcmp(d + 8, "AVI ", 4) == 0)
            return *video = true, "avi";
    }
    if (n >= 3 && memcmp(d, "ID3", 3) == 0)
        return "mp3";
    /* MPEG audio frame sync; FF FE / FF FF are UTF-16 byte order marks. */
    if (n >= 3 && d[0] == 0xFF && (d[1] & 0xE0) == 0xE0 && (d[1] & 0x06) != 0 && d[1] < 0xFE &&
        (d[2] >> 4) != 0xF)
        return (d[1] & 0x18) == 0x18 && (d[1] & 0x06) == 0x02 ? "mp3" : "aac";
    if (n >= 4 && memcmp(d, "fLaC", 4) == 0)
        return "flac";
    if (n >= 4 && memcmp(d, "OggS", 4) == 0)
        return "ogg";
    if (n >= 4 && memcmp(d, "\x1a\x45\xdf\xa3", 4) == 0)
        return *video = true, "matroska";
    if (n >= 12 && memcmp(d + 4, "ftyp", 4) == 0) {
        if (memcmp(d + 8, "M4A ", 4) == 0 || memcmp(d + 8, "M4B ", 4) == 0)
            return "m4a";
        *video = true;
        return memcmp(d + 8, "qt  ", 4) == 0 ? "quicktime" : "mp4";
    }
    if (n >= 4 && memcmp(d, "\0\0\1\xba", 4) == 0)
        return *video = true, "mpeg";
    if (n >= 4 && memcmp(d, "0&\xb2\x75", 4) == 0)
        return *video = true, "asf";
    return NULL;
}

bool ex_media(struct ex_builder *b, const unsigned char *data, size_t len)
{
    struct extract_result *r = b->res;
    const char *type = NULL;
    int w = 0, h = 0;
    if (image_kind(data, len, &type, &w, &h)) {
        r->kind = PACK_KIND_IMAGE;
        r->type = type;
        r->width = w > 0 && h > 0 ? w : 0;
        r->height = w > 0 && h > 0 ? h : 0;
        if (r->width)
            ex_note(b, "%s image, %dx%d pixels, %zu bytes (no text)", type, w, h, r->size);
        else
            ex_note(b, "%s image, size unknown, %zu bytes (no text)", type, r->size);
        return true;
    }
    bool video;
    type = av_kind(data, len, &video);
    if (!type)
        return false;
    r->kind = video ? PACK_KIND_VIDEO : PACK_KIND_AUDIO;
    r->type = type;
    ex_note(b, "%s %s, %zu bytes (no text)", type, video ? "video" : "audio", r->size);
    return true;
}
