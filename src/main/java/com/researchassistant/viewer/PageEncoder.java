package com.researchassistant.viewer;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Turns a drawn page into image bytes: PNG, which keeps type sharp and is small for a page of
 * text, unless the page is busy with pictures (more than {@link #BUSY_BITS_PER_PIXEL} bits a pixel
 * as PNG) and JPEG makes it much smaller. Measured in docs/benchmarks.md: a text page at 1,216 px
 * is a smaller PNG than JPEG; a page with a photo-like figure is twice as large as PNG.
 */
final class PageEncoder {

    static final String PNG = "image/png";
    static final String JPEG = "image/jpeg";
    /** A page of text is well under one bit a pixel as PNG. */
    static final double BUSY_BITS_PER_PIXEL = 2.0;
    static final float JPEG_QUALITY = 0.85f;

    /** Encoded bytes and their media type. */
    record Encoded(byte[] bytes, String contentType) {}

    private PageEncoder() {}

    static Encoded encode(BufferedImage image) {
        byte[] png = png(image);
        long pixels = (long) image.getWidth() * image.getHeight();
        if (png.length * 8.0 / pixels <= BUSY_BITS_PER_PIXEL) {
            return new Encoded(png, PNG);
        }
        byte[] jpeg = jpeg(image);
        return jpeg.length < png.length * 0.7 ? new Encoded(jpeg, JPEG) : new Encoded(png, PNG);
    }

    static byte[] png(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(image.getWidth() * image.getHeight() / 8);
        try {
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("no PNG writer in this JDK");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] jpeg(BufferedImage image) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream(image.getWidth() * image.getHeight() / 8);
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(JPEG_QUALITY);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }
}
