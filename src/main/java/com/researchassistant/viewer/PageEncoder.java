package com.researchassistant.viewer;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
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
 * text (in one grey channel when the page has no colour), unless the page is busy with pictures (more than {@link #BUSY_BITS_PER_PIXEL} bits a pixel
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

    static Encoded encode(BufferedImage drawn) {
        BufferedImage image = colourless(drawn) ? gray(drawn) : drawn;
        byte[] png = png(image);
        long pixels = (long) image.getWidth() * image.getHeight();
        if (png.length * 8.0 / pixels <= BUSY_BITS_PER_PIXEL) {
            return new Encoded(png, PNG);
        }
        byte[] jpeg = jpeg(image);
        return jpeg.length < png.length * 0.7 ? new Encoded(jpeg, JPEG) : new Encoded(png, PNG);
    }

    /** Whether every pixel is a grey (a page of black text): then one channel says it all. */
    static boolean colourless(BufferedImage image) {
        if (image.getType() != BufferedImage.TYPE_INT_RGB) {
            return false;
        }
        for (int pixel : ((DataBufferInt) image.getRaster().getDataBuffer()).getData()) {
            int r = (pixel >> 16) & 0xFF;
            if (r != ((pixel >> 8) & 0xFF) || r != (pixel & 0xFF)) {
                return false;
            }
        }
        return true;
    }

    /** A grey copy, a byte a pixel instead of three: a third of the PNG for a page of text. */
    private static BufferedImage gray(BufferedImage image) {
        BufferedImage gray = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        int[] from = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        byte[] to = ((DataBufferByte) gray.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < from.length; i++) {
            to[i] = (byte) from[i];
        }
        return gray;
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
