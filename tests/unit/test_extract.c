/* test_extract.c - packs/extract: every text encoding, HTML, a Chinese PDF
 * written in the test, docx/xlsx/pptx written with libarchive's zip writer,
 * image headers, and hostile inputs (corrupt PDF and OOXML, limits). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "packs/pack.h"

#include <archive.h>
#include <archive_entry.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct extract_result *extract_ok(const char *name, const void *data, size_t len)
{
    struct extract_result *r = NULL;
    struct jury_error err = {0};
    int rc = extract_buffer(name, data, len, NULL, &r, &err);
    if (rc != 0)
        fail_msg("%s: %s: %s", name, err.where, err.message);
    assert_non_null(r);
    assert_non_null(r->note);
    return r;
}

static void test_text_encodings(void **state)
{
    const char *zh = "申报书：技术方案\n专利 教材";
    struct extract_result *r = extract_ok("a.txt", zh, strlen(zh));
    assert_string_equal(r->encoding, "utf-8");
    assert_int_equal(r->n_pages, 1);
    assert_string_equal(r->pages[0].text, zh);
    extract_result_free(&r);
    assert_null(r);

    struct jstr b = {0};
    jstr_add(&b, "\xEF\xBB\xBF");
    jstr_add(&b, zh);
    r = extract_ok("a.md", b.s, b.len);
    assert_string_equal(r->encoding, "utf-8-bom");
    assert_string_equal(r->type, "markdown");
    assert_string_equal(r->pages[0].text, zh);
    extract_result_free(&r);

    size_t glen;
    char *g = utf8_to_gbk(zh, strlen(zh), &glen, NULL);
    assert_non_null(g);
    r = extract_ok("gbk.csv", g, glen);
    assert_string_equal(r->encoding, "gb18030");
    assert_string_equal(r->type, "csv");
    assert_string_equal(r->pages[0].text, zh);
    extract_result_free(&r);
    free(g);
    jstr_free(&b);
}

/* UTF-16 with a byte order mark, little and big endian. */
static void test_text_utf16(void **state)
{
    static const unsigned char le[] = {0xFF, 0xFE, 0x13, 0x4E, 0x29, 0x52, 'a', 0};
    static const unsigned char be[] = {0xFE, 0xFF, 0x4E, 0x13, 0x52, 0x29, 0, 'a'};
    struct extract_result *r = extract_ok("u.txt", le, sizeof le);
    assert_string_equal(r->encoding, "utf-16le");
    assert_int_equal(r->kind, PACK_KIND_TEXT);
    assert_string_equal(r->pages[0].text, "专利a");
    extract_result_free(&r);
    r = extract_ok("u.txt", be, sizeof be);
    assert_string_equal(r->encoding, "utf-16be");
    assert_string_equal(r->pages[0].text, "专利a");
    extract_result_free(&r);
}

/* A form feed starts a new page; an empty page keeps its number. */
static void test_text_pages(void **state)
{
    const char *t = "一\f\f三";
    struct extract_result *r = extract_ok("p.txt", t, strlen(t));
    assert_int_equal(r->n_pages, 3);
    assert_string_equal(r->pages[0].text, "一");
    assert_string_equal(r->pages[1].text, "");
    assert_string_equal(r->pages[2].text, "三");
    extract_result_free(&r);
}

static void test_html(void **state)
{
    const char *h = "<!DOCTYPE html><html><head><title>标题</title><style>p{color:red}</style>"
                    "<script>var x = '<p>no</p>';</script></head><body><!-- 注释 -->"
                    "<p>技术&amp;方案 &lt;一&gt; &#x4E13;&#21033;&nbsp;x</p><div>a &bogus; b</div>"
                    "<table><tr><td>1</td><td>2</td></tr></table></body></html>";
    struct extract_result *r = extract_ok("a.html", h, strlen(h));
    assert_string_equal(r->type, "html");
    const char *t = r->pages[0].text;
    assert_non_null(strstr(t, "标题"));
    assert_non_null(strstr(t, "技术&方案 <一> 专利\xC2\xA0x"));
    assert_non_null(strstr(t, "a &bogus; b"));
    assert_non_null(strstr(t, "1\t2"));
    assert_null(strstr(t, "color"));
    assert_null(strstr(t, "no"));
    assert_null(strstr(t, "注释"));
    extract_result_free(&r);
}

/* ------------------------------------------------------------------ PDF */

/* A PDF with one page per string, Chinese text in a Type0 STSong-Light font
 * with the UniGB-UCS2-H CMap (codes are UCS-2), so MuPDF maps the text back
 * to Unicode through its built-in CMaps. Offsets for the xref are exact. */
static char *make_pdf(const char *const *pages, size_t n, size_t *len)
{
    struct jstr b = {0};
    size_t nobj = 4 + 2 * n, *off = calloc(nobj, sizeof *off); /* objects 0..3+2n */
    jstr_add(&b, "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n");
    off[1] = b.len;
    jstr_add(&b, "1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n");
    off[2] = b.len;
    jstr_add(&b, "2 0 obj<</Type/Pages/Kids[");
    for (size_t i = 0; i < n; i++)
        jstr_addf(&b, "%zu 0 R ", 4 + 2 * i);
    jstr_addf(&b, "]/Count %zu>>endobj\n", n);
    off[3] = b.len;
    jstr_add(&b, "3 0 obj<</Type/Font/Subtype/Type0/BaseFont/STSong-Light/Encoding/UniGB-UCS2-H"
                 "/DescendantFonts[<</Type/Font/Subtype/CIDFontType0/BaseFont/STSong-Light"
                 "/CIDSystemInfo<</Registry(Adobe)/Ordering(GB1)/Supplement 2>>"
                 "/FontDescriptor<</Type/FontDescriptor/FontName/STSong-Light/Flags 6"
                 "/FontBBox[0 -200 1000 900]/ItalicAngle 0/Ascent 880/Descent -120"
                 "/CapHeight 880/StemV 93>>>>]>>endobj\n");
    for (size_t i = 0; i < n; i++) {
        struct jstr hex = {0};
        for (const char *p = pages[i]; *p;) {
            uint32_t cp;
            if (*p == '\x01') { /* the next line, 30 points below */
                jstr_add(&hex, "> Tj 0 -30 Td <");
                p++;
                continue;
            }
            int k = utf8_decode(p, strlen(p), &cp);
            jstr_addf(&hex, "%04X", (unsigned)cp);
            p += k;
        }
        struct jstr c = {0};
        jstr_addf(&c, "BT /F1 24 Tf 72 700 Td <%s> Tj ET", hex.s);
        off[4 + 2 * i] = b.len;
        jstr_addf(&b,
                  "%zu 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]"
                  "/Resources<</Font<</F1 3 0 R>>>>/Contents %zu 0 R>>endobj\n",
                  4 + 2 * i, 5 + 2 * i);
        off[5 + 2 * i] = b.len;
        jstr_addf(&b, "%zu 0 obj<</Length %zu>>stream\n%s\nendstream endobj\n", 5 + 2 * i, c.len,
                  c.s);
        jstr_free(&hex);
        jstr_free(&c);
    }
    size_t xref = b.len;
    jstr_addf(&b, "xref\n0 %zu\n0000000000 65535 f \n", nobj);
    for (size_t i = 1; i < nobj; i++)
        jstr_addf(&b, "%010zu 00000 n \n", off[i]);
    jstr_addf(&b, "trailer<</Size %zu/Root 1 0 R>>\nstartxref\n%zu\n%%%%EOF\n", nobj, xref);
    free(off);
    *len = b.len;
    return jstr_take(&b);
}

/* One page of lines 30 points apart (a wrapped paragraph as a word
 * processor writes it: one text line per row). Made by make_pdf's page
 * stream with a line per Td. */
static char *make_pdf_lines(const char *const *lines, size_t n, size_t *len)
{
    struct jstr page = {0};
    for (size_t i = 0; i < n; i++)
        jstr_addf(&page, "%s%s", i ? "\x01" : "", lines[i]);
    const char *one = page.s;
    char *pdf = make_pdf(&one, 1, len);
    jstr_free(&page);
    return pdf;
}

/* Text of a page without the line breaks MuPDF adds. */
static char *flat(const char *s)
{
    struct jstr b = {0};
    for (; *s; s++)
        if (*s != '\n' && *s != ' ')
            jstr_addc(&b, *s);
    return jstr_take(&b);
}

static void test_pdf_chinese(void **state)
{
    const char *pages[] = {"申报书技术方案", "专利与教材", "第三页"};
    size_t len;
    char *pdf = make_pdf(pages, 3, &len);
    struct extract_result *r = extract_ok("申报书.pdf", pdf, len);
    assert_string_equal(r->type, "pdf");
    assert_int_equal(r->kind, PACK_KIND_PDF);
    assert_int_equal(r->n_pages, 3);
    for (size_t i = 0; i < 3; i++) {
        char *f = flat(r->pages[i].text);
        assert_string_equal(f, pages[i]);
        free(f);
    }
    extract_result_free(&r);

    /* The page limit cuts and says so. */
    struct extract_limits lim;
    extract_limits_default(&lim);
    lim.max_pages = 2;
    struct jury_error err = {0};
    assert_int_equal(extract_buffer("a.pdf", pdf, len, &lim, &r, &err), 0);
    assert_int_equal(r->n_pages, 2);
    assert_true(r->truncated);
    extract_result_free(&r);

    /* MuPDF's memory is capped: a tiny cap fails cleanly, never crashes. */
    extract_limits_default(&lim);
    lim.max_memory = 64 << 10;
    int rc = extract_buffer("a.pdf", pdf, len, &lim, &r, &err);
    assert_true(rc == JURY_ERR_LIMIT || rc == JURY_ERR_FORMAT || rc == 0);
    if (rc == 0)
        extract_result_free(&r);
    else
        assert_string_equal(err.where, "a.pdf");
    free(pdf);
}

/* Wrapped lines are joined into their paragraph (CJK without a space), one
 * paragraph a line with no blank lines, so a phrase cut at a line end is
 * whole; a short line, a sentence end and a numbered heading break. */
static void test_pdf_reflow(void **state)
{
    (void)state;
    const char *lines[] = {"联合体各成员单位运行规范近三", "年无投诉社会评价良好制度健全", "完善。",
                           "一、考核机制", "市政府已纳入考核"};
    size_t len;
    char *pdf = make_pdf_lines(lines, 5, &len);
    struct extract_result *r = extract_ok("wrap.pdf", pdf, len);
    const char *text = r->pages[0].text;
    assert_non_null(strstr(text, "近三年无投诉"));
    assert_non_null(strstr(text, "制度健全完善。\n"));
    assert_non_null(strstr(text, "\n一、考核机制\n市政府已纳入考核"));
    assert_null(strstr(text, "\n\n"));
    extract_result_free(&r);
    free(pdf);
}

static void test_pdf_corrupt(void **state)
{
    struct jury_error err = {0};
    struct extract_result *r = NULL;
    char junk[4096];
    memcpy(junk, "%PDF-1.7\n", 9);
    for (size_t i = 9; i < sizeof junk; i++)
        junk[i] = (char)(i * 7919 % 251);
    int rc = extract_buffer("bad.pdf", junk, sizeof junk, NULL, &r, &err);
    if (rc == 0) { /* MuPDF may repair junk into an empty document */
        assert_int_equal(r->n_pages, 0);
        extract_result_free(&r);
    } else {
        assert_int_equal(rc, JURY_ERR_FORMAT);
        assert_string_equal(err.where, "bad.pdf");
        assert_null(r);
    }
    /* A valid PDF cut in half: no crash, some error or fewer pages. */
    const char *pages[] = {"一", "二"};
    size_t len;
    char *pdf = make_pdf(pages, 2, &len);
    rc = extract_buffer("cut.pdf", pdf, len / 2, NULL, &r, &err);
    if (rc == 0)
        extract_result_free(&r);
    /* A .pdf name on non-PDF bytes says so. */
    rc = extract_buffer("x.pdf", "hello", 5, NULL, &r, &err);
    assert_int_equal(rc, JURY_ERR_FORMAT);
    assert_non_null(strstr(err.message, "not a PDF"));
    free(pdf);
}

/* ----------------------------------------------------------------- OOXML */

struct member {
    const char *name;
    const char *data;
};

static char *make_zip(const struct member *m, size_t n, size_t *len)
{
    size_t cap = 1 << 20;
    char *buf = malloc(cap);
    struct archive *a = archive_write_new();
    archive_write_set_format_zip(a);
    assert_int_equal(archive_write_open_memory(a, buf, cap, len), ARCHIVE_OK);
    for (size_t i = 0; i < n; i++) {
        struct archive_entry *e = archive_entry_new();
        archive_entry_set_pathname(e, m[i].name);
        archive_entry_set_filetype(e, AE_IFREG);
        archive_entry_set_perm(e, 0644);
        archive_entry_set_size(e, (la_int64_t)strlen(m[i].data));
        archive_write_header(a, e);
        archive_write_data(a, m[i].data, strlen(m[i].data));
        archive_entry_free(e);
    }
    archive_write_close(a);
    archive_write_free(a);
    return buf;
}

#define W_NS "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\""

static void test_docx(void **state)
{
    struct member m[] = {
        {"[Content_Types].xml", "<Types/>"},
        {"word/document.xml",
         "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document " W_NS "><w:body>"
         "<w:p><w:r><w:t>项目</w:t></w:r><w:r><w:t xml:space=\"preserve\">申报 </w:t></w:r>"
         "<w:r><w:tab/><w:t>书</w:t></w:r></w:p>"
         "<w:p><w:r><w:delText>删除</w:delText><w:t>第二段</w:t></w:r></w:p>"
         "<w:p><w:r><w:br w:type=\"page\"/><w:t>下一页</w:t></w:r></w:p>"
         "</w:body></w:document>"},
    };
    size_t len;
    char *zip = make_zip(m, 2, &len);
    struct extract_result *r = extract_ok("a.docx", zip, len);
    assert_string_equal(r->type, "docx");
    assert_int_equal(r->n_pages, 2);
    assert_string_equal(r->pages[0].text, "项目申报 \t书\n第二段\n");
    assert_string_equal(r->pages[1].text, "下一页\n");
    extract_result_free(&r);
    free(zip);
}

#define S_NS "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""
#define R_NS "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""

static void test_xlsx(void **state)
{
    struct member m[] = {
        {"xl/workbook.xml",
         "<workbook " S_NS " " R_NS "><sheets>"
         "<sheet name=\"基础数据\" sheetId=\"1\" r:id=\"rId2\"/>"
         "<sheet name=\"第二表\" sheetId=\"2\" r:id=\"rId1\"/></sheets></workbook>"},
        {"xl/_rels/workbook.xml.rels",
         "<Relationships><Relationship Id=\"rId1\" Target=\"worksheets/sheet2.xml\"/>"
         "<Relationship Id=\"rId2\" Target=\"/xl/worksheets/sheet1.xml\"/></Relationships>"},
        {"xl/sharedStrings.xml",
         "<sst " S_NS "><si><t>专利</t></si><si><r><t>教</t></r><r><t>材</t></r>"
         "<rPh><t>ジ</t></rPh></si></sst>"},
        {"xl/worksheets/sheet1.xml",
         "<worksheet " S_NS "><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c>"
         "<c r=\"C1\"><v>42</v></c></row><row r=\"2\"><c r=\"B2\" t=\"s\"><v>1</v></c>"
         "<c r=\"C2\" t=\"b\"><v>1</v></c></row></sheetData></worksheet>"},
        {"xl/worksheets/sheet2.xml",
         "<worksheet " S_NS "><sheetData><row><c t=\"inlineStr\"><is><t>内联\t值</t></is></c>"
         "<c t=\"s\"><v>99</v></c><c><v>3.5</v></c></row></sheetData></worksheet>"},
    };
    size_t len;
    char *zip = make_zip(m, 5, &len);
    struct extract_result *r = extract_ok("data.xlsx", zip, len);
    assert_string_equal(r->type, "xlsx");
    assert_int_equal(r->n_pages, 2);
    assert_string_equal(r->pages[0].title, "基础数据");
    assert_string_equal(r->pages[0].text, "专利\t\t42\n\t教材\tTRUE\n");
    assert_string_equal(r->pages[1].title, "第二表");
    assert_string_equal(r->pages[1].text, "内联 值\t\t3.5\n");
    extract_result_free(&r);
    free(zip);
}

#define A_NS "xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\""

static void test_pptx(void **state)
{
    struct member m[] = {
        {"ppt/slides/slide10.xml",
         "<p:sld " A_NS "><a:p><a:r><a:t>第十页</a:t></a:r></a:p></p:sld>"},
        {"ppt/slides/slide2.xml", "<p:sld " A_NS "><a:p><a:r><a:t>第二</a:t></a:r><a:br/>"
                                  "<a:r><a:t>页</a:t></a:r></a:p></p:sld>"},
        {"ppt/slides/_rels/slide2.xml.rels", "<Relationships/>"},
    };
    size_t len;
    char *zip = make_zip(m, 3, &len);
    struct extract_result *r = extract_ok("talk.pptx", zip, len);
    assert_string_equal(r->type, "pptx");
    assert_int_equal(r->n_pages, 2);
    assert_string_equal(r->pages[0].text, "第二\n页\n");
    assert_string_equal(r->pages[1].text, "第十页\n");
    extract_result_free(&r);
    free(zip);
}

static void test_ooxml_corrupt(void **state)
{
    struct jury_error err = {0};
    struct extract_result *r = NULL;
    /* Broken XML inside a good zip. */
    struct member m[] = {{"word/document.xml", "<w:document " W_NS "><w:body><w:p>"}};
    size_t len;
    char *zip = make_zip(m, 1, &len);
    assert_int_equal(extract_buffer("bad.docx", zip, len, NULL, &r, &err), JURY_ERR_FORMAT);
    assert_string_equal(err.where, "bad.docx");
    assert_non_null(strstr(err.message, "word/document.xml"));
    /* A zip cut short. */
    int rc = extract_buffer("cut.docx", zip, len / 2, NULL, &r, &err);
    assert_true(rc < 0);
    free(zip);
    /* Not a zip at all. */
    assert_int_equal(extract_buffer("x.xlsx", "PK\3\4junk", 9, NULL, &r, &err), JURY_ERR_FORMAT);
    assert_int_equal(extract_buffer("y.pptx", "hello", 5, NULL, &r, &err), JURY_ERR_FORMAT);
    /* An entity expansion bomb is not expanded. */
    struct member bomb[] = {
        {"word/document.xml",
         "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b "
         "\"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>"
         "<w:document " W_NS
         "><w:body><w:p><w:r><w:t>&c;x</w:t></w:r></w:p></w:body></w:document>"}};
    zip = make_zip(bomb, 1, &len);
    rc = extract_buffer("bomb.docx", zip, len, NULL, &r, &err);
    if (rc == 0) {
        assert_true(r->pages[0].len < 100);
        extract_result_free(&r);
    }
    free(zip);
}

/* ---------------------------------------------------------------- media */

static void test_images(void **state)
{
    unsigned char png[33] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0,    13,
                             'I',  'H', 'D', 'R', 0,    0,    0x02, 0x80, 0, 0, 0x01, 0xE0};
    struct extract_result *r = extract_ok("scan.PNG", png, sizeof png);
    assert_int_equal(r->kind, PACK_KIND_IMAGE);
    assert_string_equal(r->type, "png");
    assert_int_equal(r->width, 640);
    assert_int_equal(r->height, 480);
    assert_int_equal(r->n_pages, 0);
    assert_non_null(strstr(r->note, "640x480"));
    extract_result_free(&r);

    /* JPEG: an APP0 segment, then SOF0 with height 300, width 200. */
    static const unsigned char jpg[] = {0xFF, 0xD8, 0xFF, 0xE0, 0,    4,    'J', 'F',  0xFF,
                                        0xC0, 0,    17,   8,    0x01, 0x2C, 0,   0xC8, 3};
    r = extract_ok("photo.jpg", jpg, sizeof jpg);
    assert_string_equal(r->type, "jpeg");
    assert_int_equal(r->width, 200);
    assert_int_equal(r->height, 300);
    extract_result_free(&r);

    static const unsigned char gif[] = {'G', 'I', 'F', '8', '9', 'a', 10, 0, 20, 0};
    r = extract_ok("a.gif", gif, sizeof gif);
    assert_int_equal(r->width, 10);
    assert_int_equal(r->height, 20);
    extract_result_free(&r);

    /* A truncated JPEG: the type, no size, no crash. */
    r = extract_ok("t.jpg", jpg, 6);
    assert_string_equal(r->type, "jpeg");
    assert_int_equal(r->width, 0);
    extract_result_free(&r);
}

static void test_audio_video_binary(void **state)
{
    static const unsigned char mp4[] = {0, 0, 0, 24, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm'};
    struct extract_result *r = extract_ok("v.mp4", mp4, sizeof mp4);
    assert_int_equal(r->kind, PACK_KIND_VIDEO);
    extract_result_free(&r);
    static const unsigned char mp3[] = {'I', 'D', '3', 4, 0};
    r = extract_ok("a.mp3", mp3, sizeof mp3);
    assert_int_equal(r->kind, PACK_KIND_AUDIO);
    assert_string_equal(r->type, "mp3");
    extract_result_free(&r);
    static const unsigned char bin[] = {1, 2, 0, 3, 0, 0, 7};
    r = extract_ok("x.bin", bin, sizeof bin);
    assert_int_equal(r->n_pages, 0);
    assert_non_null(strstr(r->note, "no text"));
    extract_result_free(&r);
}

static void test_limits(void **state)
{
    struct extract_limits lim;
    extract_limits_default(&lim);
    lim.max_input = 4;
    struct extract_result *r = NULL;
    struct jury_error err = {0};
    assert_int_equal(extract_buffer("big.txt", "12345", 5, &lim, &r, &err), JURY_ERR_LIMIT);
    extract_limits_default(&lim);
    lim.max_text = 4; /* cut inside 专 (3 bytes) + 利: keep whole characters only */
    assert_int_equal(extract_buffer("t.txt", "专利", 6, &lim, &r, &err), 0);
    assert_string_equal(r->pages[0].text, "专");
    assert_true(r->truncated);
    extract_result_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_encodings),
        cmocka_unit_test(test_text_utf16),
        cmocka_unit_test(test_text_pages),
        cmocka_unit_test(test_html),
        cmocka_unit_test(test_pdf_chinese),
        cmocka_unit_test(test_pdf_corrupt),
        cmocka_unit_test(test_pdf_reflow),
        cmocka_unit_test(test_docx),
        cmocka_unit_test(test_xlsx),
        cmocka_unit_test(test_pptx),
        cmocka_unit_test(test_ooxml_corrupt),
        cmocka_unit_test(test_images),
        cmocka_unit_test(test_audio_video_binary),
        cmocka_unit_test(test_limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
