package com.researchassistant.viewer;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * Turns a drawn page into PNG bytes. PNG keeps type sharp and compresses a text page well;
 * docs/benchmarks.md compares it with JPEG, in size and time.
 */
final class PageEncoder {

    static final String CONTENT_TYPE = "image/png";
    static final String FORMAT = "png";

    private PageEncoder() {}

    static byte[] encode(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(image.getWidth() * image.getHeight() / 8);
        try {
            if (!ImageIO.write(image, FORMAT, out)) {
                throw new IllegalStateException("no " + FORMAT + " writer in this JDK");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
