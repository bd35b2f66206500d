package com.researchassistant.library;

import com.researchassistant.embed.CachedEmbedder;
import com.researchassistant.embed.EmbeddingModel;
import com.researchassistant.embed.OnnxEmbedder;
import com.researchassistant.retrieve.LuceneIndex;
import com.researchassistant.retrieve.LuceneSettings;
import com.researchassistant.retrieve.SearchSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The library's embedding spaces on disk: one Lucene index per embedding ({@code index} for vectors
 * of all-MiniLM-L6-v2 over passage text alone, as before embeddings were named, else {@code
 * index-<embedding>}), and the file {@value #LIVE_FILE} naming the one searches use.
 *
 * <p>When the configured model (with this library's {@link EmbeddedText recipe}) is not the live
 * embedding, both are opened: the live one serves while the library re-embeds into the configured
 * one in the background ({@link Reembedding}); once it is done this file is rewritten and the old
 * index deleted. A restart meanwhile resumes the re-embedding where its index got to. Indexes of
 * neither embedding (a re-embedding abandoned by changing the configuration back) are deleted.
 */
public final class LibrarySpaces implements SpaceHandover, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LibrarySpaces.class);

    static final String LIVE_FILE = "library-embedding";
    static final String LEGACY_INDEX = "index";

    private final Path dataDir;
    private final Deque<AutoCloseable> opened = new ArrayDeque<>();
    private final Spaces spaces;
    private final CachedEmbedder configured;
    /** The previous model's runtime while re-embedding from another model; closed when retired. */
    private Optional<OnnxEmbedder> previous = Optional.empty();

    private LibrarySpaces(Path dataDir, EmbeddingModel model, SearchSettings search, long cacheEntries) {
        this.dataDir = dataDir;
        String wanted = Space.embeddingOf(model.id());
        Optional<String> live = liveEmbedding().filter(e -> !e.equals(wanted)).filter(LibrarySpaces::known);
        OnnxEmbedder onnx = onnx(model);
        this.configured = new CachedEmbedder(onnx, Math.max(1, cacheEntries));
        Space target = space(wanted, model, configured, search);
        removeIndexesOtherThan(wanted, live);
        if (live.isEmpty()) {
            writeLive(wanted);
            this.spaces = Spaces.of(target);
        } else {
            EmbeddingModel old = EmbeddingModel.of(modelOf(live.get()));
            // the same model under an older recipe shares the runtime and the cache (same text, same vector)
            previous = old == model ? Optional.empty() : Optional.of(onnx(old));
            CachedEmbedder oldEmbedder = previous.map(o -> new CachedEmbedder(o, Math.max(1, cacheEntries)))
                    .orElse(configured);
            this.spaces = new Spaces(space(live.get(), old, oldEmbedder, search), Optional.of(target), this);
            log.info(
                    "Embedding changed from {} to {}: the library is re-embedded in the background",
                    live.get(),
                    wanted);
        }
    }

    /** Opens the spaces for {@code model} in {@code dataDir}; models are extracted to {@code dataDir/models}. */
    public static LibrarySpaces open(Path dataDir, EmbeddingModel model, SearchSettings search, long cacheEntries) {
        return new LibrarySpaces(dataDir, model, search, cacheEntries);
    }

    public Spaces spaces() {
        return spaces;
    }

    /** The configured model's embedder (cached), the one the library ends up with. */
    public CachedEmbedder embedder() {
        return configured;
    }

    @Override
    public void switched(Space old) {
        writeLive(spaces.target().orElseThrow().embedding());
    }

    @Override
    public void retire(Space old) {
        try {
            close(old.index());
            previous.ifPresent(LibrarySpaces::close);
            deleteTree(indexDir(old.embedding()));
            log.info("Removed the index of the previous embedding {}", old.embedding());
        } catch (RuntimeException e) {
            log.warn("Could not remove the index of {}: {}", old.embedding(), e.toString());
        }
    }

    private OnnxEmbedder onnx(EmbeddingModel model) {
        OnnxEmbedder onnx = OnnxEmbedder.open(dataDir.resolve("models"), model);
        opened.push(onnx);
        return onnx;
    }

    private Space space(String embedding, EmbeddingModel model, CachedEmbedder embedder, SearchSettings search) {
        LuceneIndex index = LuceneIndex.open(indexDir(embedding), LuceneSettings.defaults(model.dimensions()), search);
        opened.push(index);
        return new Space(embedding, embedder, index, model::queryText);
    }

    Path indexDir(String embedding) {
        return dataDir.resolve(embedding.equals(SharedPassages.LEGACY_EMBEDDING) ? LEGACY_INDEX : "index-" + embedding);
    }

    /** The live embedding: as the file says, else the pre-naming index if there is one. */
    private Optional<String> liveEmbedding() {
        Path file = dataDir.resolve(LIVE_FILE);
        try {
            if (Files.exists(file)) {
                return Optional.of(Files.readString(file).strip()).filter(s -> !s.isEmpty());
            }
            Path legacy = dataDir.resolve(LEGACY_INDEX);
            try (Stream<Path> files = Files.isDirectory(legacy) ? Files.list(legacy) : Stream.empty()) {
                return files.findAny().isPresent() ? Optional.of(SharedPassages.LEGACY_EMBEDDING) : Optional.empty();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private void writeLive(String embedding) {
        Path file = dataDir.resolve(LIVE_FILE);
        try {
            Files.createDirectories(dataDir);
            Path part = Files.writeString(dataDir.resolve(LIVE_FILE + ".part"), embedding + "\n");
            Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private void removeIndexesOtherThan(String wanted, Optional<String> live) {
        try (Stream<Path> entries = Files.isDirectory(dataDir) ? Files.list(dataDir) : Stream.empty()) {
            for (Path dir : entries.filter(Files::isDirectory).toList()) {
                String name = dir.getFileName().toString();
                boolean index = name.equals(LEGACY_INDEX) || name.startsWith("index-");
                boolean kept = dir.equals(indexDir(wanted))
                        || live.map(l -> dir.equals(indexDir(l))).orElse(false);
                if (index && !kept) {
                    log.info("Removing {}: an index of an embedding neither live nor configured", dir);
                    deleteTree(dir);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dataDir + ": " + e.getMessage(), e);
        }
    }

    private static boolean known(String embedding) {
        try {
            EmbeddingModel.of(modelOf(embedding));
            return true;
        } catch (IllegalArgumentException e) {
            log.warn("The live embedding {} is of no known model; the library is indexed anew", embedding);
            return false;
        }
    }

    private static String modelOf(String embedding) {
        int plus = embedding.indexOf('+');
        return plus < 0 ? embedding : embedding.substring(0, plus);
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void close(Object resource) {
        if (resource instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                throw new IllegalStateException(
                        "cannot close " + resource.getClass().getSimpleName(), e);
            }
        }
    }

    /** Closes every embedder and index opened here, newest first. */
    @Override
    public void close() {
        while (!opened.isEmpty()) {
            try {
                opened.pop().close();
            } catch (Exception e) {
                log.warn("Closing a library space failed: {}", e.toString());
            }
        }
    }
}
