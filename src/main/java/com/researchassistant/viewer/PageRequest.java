package com.researchassistant.viewer;

/**
 * A page asked for at the width it will be shown at: CSS pixels times the screen's pixel ratio.
 *
 * @param page from 1
 * @param cssWidth the width the page is shown at, in CSS pixels
 * @param pixelRatio the screen's device pixel ratio
 */
public record PageRequest(int page, int cssWidth, double pixelRatio) {

    public static final int MAX_PAGE = 100_000;
    public static final int MIN_CSS_WIDTH = 64;
    public static final int MAX_CSS_WIDTH = 4_096;
    public static final double MAX_PIXEL_RATIO = 4;

    /** Rendered widths are rounded up to a multiple of this, so nearby widths share a cached image. */
    static final int WIDTH_STEP = 64;

    public PageRequest {
        if (page < 1 || page > MAX_PAGE) {
            throw ViewerRefused.badRequest("The page must be a whole number from 1 to " + MAX_PAGE + ".");
        }
        if (cssWidth < MIN_CSS_WIDTH || cssWidth > MAX_CSS_WIDTH) {
            throw ViewerRefused.badRequest(
                    "The width must be from " + MIN_CSS_WIDTH + " to " + MAX_CSS_WIDTH + " CSS pixels.");
        }
        if (!(pixelRatio >= 0.5 && pixelRatio <= MAX_PIXEL_RATIO)) {
            throw ViewerRefused.badRequest("The pixel ratio must be from 0.5 to " + (int) MAX_PIXEL_RATIO + ".");
        }
    }

    /** The width in device pixels, rounded up to {@link #WIDTH_STEP} and at most {@code maxWidth}. */
    int pixelWidth(int maxWidth) {
        int wanted = (int) Math.ceil(cssWidth * pixelRatio);
        int stepped = (wanted + WIDTH_STEP - 1) / WIDTH_STEP * WIDTH_STEP;
        return Math.min(stepped, maxWidth);
    }
}
