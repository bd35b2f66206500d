package com.researchassistant.web;

import io.nayuki.qrcodegen.QrCode;

/**
 * A QR code as one SVG path, drawn on the server (no network call, no script on the page): the
 * page puts it in an {@code <svg viewBox="0 0 size size">} of its own, with a quiet zone around.
 *
 * @param size modules per side
 * @param path one {@code M x y h1 v1 h-1 z} square per dark module, runs merged along rows
 */
record QrPath(int size, String path) {

    static QrPath of(String text) {
        QrCode qr = QrCode.encodeText(text, QrCode.Ecc.MEDIUM);
        StringBuilder path = new StringBuilder();
        int size = qr.size;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                if (!qr.getModule(x, y)) {
                    continue;
                }
                int run = 1;
                while (x + run < size && qr.getModule(x + run, y)) {
                    run++;
                }
                path.append('M')
                        .append(x)
                        .append(' ')
                        .append(y)
                        .append('h')
                        .append(run)
                        .append("v1h-")
                        .append(run)
                        .append('z');
                x += run - 1;
            }
        }
        return new QrPath(size, path.toString());
    }
}
