package com.researchassistant.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How library uploads are held while they are read and parsed.
 *
 * @param bufferBytes bytes of uploads being read and parsed at once, all uploads together; an
 *     upload that does not fit waits for room (an upload larger than the whole buffer waits until
 *     it is alone)
 * @param maxWait how long an upload waits for room before it is refused with 429 and a Retry-After
 * @param spoolDir where large file parts are written while they are parsed (a PDF is read with
 *     random access); emptied at start
 */
public record UploadConfig(long bufferBytes, Duration maxWait, Path spoolDir) {

    public UploadConfig {
        if (bufferBytes < 1) {
            throw new IllegalArgumentException("bufferBytes must be positive: " + bufferBytes);
        }
        Objects.requireNonNull(maxWait, "maxWait");
        Objects.requireNonNull(spoolDir, "spoolDir");
    }
}
