package com.researchassistant.viewer;

/**
 * The size a page is rendered at: the asked width, made smaller when the page is so tall that the
 * image would pass the pixel budget (a long strip of a page must not fill the heap).
 *
 * @param scale device pixels per PDF point (72 per inch, so the DPI is {@code 72 * scale})
 */
record RenderSize(int width, int height, float scale) {

    /**
     * @param pageWidth the page's width as shown (after its rotation), in points
     * @param pageHeight its height as shown, in points
     * @param maxPixels the most pixels one rendered image may have
     */
    static RenderSize of(int pixelWidth, double pageWidth, double pageHeight, long maxPixels) {
        if (!(pageWidth >= 1 && pageHeight >= 1)) {
            throw ViewerRefused.unreadable("The page has no size.");
        }
        double scale = pixelWidth / pageWidth;
        double pixels = pixelWidth * (pageHeight * scale);
        if (pixels > maxPixels) {
            scale *= Math.sqrt(maxPixels / pixels);
        }
        int width = Math.max(1, (int) Math.floor(pageWidth * scale));
        int height = Math.max(1, (int) Math.floor(pageHeight * scale));
        return new RenderSize(width, height, (float) scale);
    }

    /** Dots per inch. */
    float dpi() {
        return 72 * scale;
    }
}
