"""Printing in the UI: a preview window (QtPdf) with 打印 / 另存为 PDF / 导出图片, and batch
printing in the background. Pages call `ui.printing.preview.show_document(ctx, kind, id)` or
`ui.printing.batch.start_batch(ctx, kind, ids, folder)`."""
