/* table_xlsx.c - a plain grid of text cells as an XLSX workbook (the facts
 * template organisers fill): header rows bold and frozen, columns as wide as
 * their text in display columns. */
#include "report/report_int.h"

#include <stdio.h>
#include <xlsxwriter.h>

int table_write_xlsx(const char *path, const char *sheet, const char *const *cells, size_t rows,
                     size_t cols, size_t head_rows, struct jury_error *err)
{
    lxw_workbook *wb = workbook_new(path);
    if (!wb)
        return jury_error_set(err, JURY_ERR_IO, path, "cannot create the workbook");
    lxw_format *head = workbook_add_format(wb);
    format_set_bold(head);
    format_set_text_wrap(head);
    lxw_format *text = workbook_add_format(wb);
    format_set_num_format(text, "@"); /* typed values stay as typed */
    lxw_worksheet *ws = workbook_add_worksheet(wb, sheet);
    for (size_t c = 0; ws && c < cols && c < 16384; c++) {
        int w = 8;
        for (size_t r = 0; r < rows && r < 1048576; r++) {
            const char *v = cells[r * cols + c];
            if (v && *v)
                worksheet_write_string(ws, (lxw_row_t)r, (lxw_col_t)c, v,
                                       r < head_rows ? head : NULL);
            int vw = v ? report_text_width(v) + 2 : 0;
            w = vw > w ? vw : w;
        }
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, w > 40 ? 40 : w, text);
    }
    if (ws && head_rows)
        worksheet_freeze_panes(ws, (lxw_row_t)head_rows, 1);
    lxw_error e = workbook_close(wb);
    if (!ws || e != LXW_NO_ERROR)
        return jury_error_set(err, JURY_ERR_IO, path, "cannot write the workbook: %s",
                              ws ? lxw_strerror(e) : "no sheet");
    return JURY_OK;
}
