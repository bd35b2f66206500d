package com.researchassistant.viewer;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.researchassistant.config.ViewerConfig;
import com.researchassistant.library.CitedPassage;
import com.researchassistant.library.Document;
import com.researchassistant.library.DocumentStatus;
import com.researchassistant.library.Foreground;
import com.researchassistant.library.Library;
import com.researchassistant.library.Original;
import com.researchassistant.library.Originals;
import com.researchassistant.viewer.PassageView.PageDisplay;
import com.researchassistant.viewer.PassageView.TextDisplay;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows a cited passage where it stands: a PDF's page, drawn at the size the phone asks for with
 * the passage's lines outlined, or the text of its section with the passage marked. Every call
 * takes the owner; another owner's document is not found. Drawing and text-position reads run on
 * a small {@link RenderQueue} apart from chat, and their results are cached (pages by bytes).
 * Thread-safe.
 */
public final class SourceViewer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SourceViewer.class);
    private static final Pattern PAGE_LABEL = Pattern.compile("p\\. (\\d{1,6})");
    private static final String PDF = "application/pdf";
    /** Changes when drawing changes, so browsers do not keep pages drawn the old way. */
    private static final String RENDERING = "r2";

    private final Library library;
    private final Originals originals;
    private final ViewerConfig config;
    private final RenderQueue queue;
    private final LocalOriginals files;
    private final Cache<String, PageImage> pages;
    private final Cache<String, PassageView> views;

    public SourceViewer(Library library, ViewerConfig config) {
        this.library = library;
        this.originals = library.originals();
        this.config = config;
        this.queue = new RenderQueue(config.renderThreads(), config.renderQueue(), config.renderWait());
        this.files = new LocalOriginals(originals, config.fileCacheDir(), config.fileCacheBytes());
        this.pages = Caffeine.newBuilder()
                .maximumWeight(config.pageCacheBytes())
                .weigher((String key, PageImage image) -> image.bytes().length)
                .build();
        this.views = Caffeine.newBuilder().maximumSize(1_000).build();
    }

    /** The passage of one of the owner's ready documents, as it is shown; empty when there is no such passage. */
    public Optional<PassageView> view(String owner, String documentId, PassageRef ref) {
        Optional<Document> document = library.find(owner, documentId).filter(d -> d.status() == DocumentStatus.READY);
        if (document.isEmpty()) {
            return Optional.empty();
        }
        Optional<CitedPassage> passage = resolve(owner, documentId, ref);
        if (passage.isEmpty()) {
            return Optional.empty();
        }
        String key = documentId + ":" + passage.get().ordinal();
        PassageView cached = views.getIfPresent(key);
        if (cached != null) {
            return Optional.of(cached);
        }
        PassageView built = build(owner, document.get(), passage.get());
        views.put(key, built);
        return Optional.of(built);
    }

    /** The entity tag of a page as {@link #page} would draw it, without drawing; empty when it has no page to draw. */
    public Optional<String> pageTag(String owner, String documentId, PageRequest request) {
        return pdfOriginal(owner, documentId).map(original -> tag(original, request));
    }

    /**
     * A page of one of the owner's PDFs, drawn; empty when the document, its kept original or the
     * page does not exist.
     *
     * @throws ViewerRefused BUSY when too many renders wait, UNREADABLE when the PDF does not open
     */
    public Optional<PageImage> page(String owner, String documentId, PageRequest request) {
        Optional<Original> original = pdfOriginal(owner, documentId);
        if (original.isEmpty()) {
            return Optional.empty();
        }
        String tag = tag(original.get(), request);
        PageImage cached = pages.getIfPresent(tag);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<PageImage> drawn = queue.run(() -> draw(owner, original.get(), request, tag));
        drawn.ifPresent(image -> pages.put(tag, image));
        return drawn;
    }

    private Optional<Original> pdfOriginal(String owner, String documentId) {
        if (library.find(owner, documentId)
                .filter(d -> d.status() == DocumentStatus.READY)
                .isEmpty()) {
            return Optional.empty();
        }
        return originals.find(owner, documentId).filter(o -> o.mediaType().equals(PDF));
    }

    /** A person waits for a drawn page: background indexing gives way meanwhile (see {@link Foreground}). */
    private Optional<PageImage> draw(String owner, Original original, PageRequest request, String tag) {
        Foreground.Activity waited = library.foreground().begin();
        try (waited;
                PdfPages pdf = PdfPages.open(files.file(owner, original))) {
            if (request.page() > pdf.count()) {
                return Optional.empty();
            }
            double[] shown = pdf.size(request.page());
            RenderSize size =
                    RenderSize.of(request.pixelWidth(config.maxPixelWidth()), shown[0], shown[1], config.maxPixels());
            BufferedImage image = pdf.render(request.page(), size);
            PageEncoder.Encoded encoded = PageEncoder.encode(image);
            log.debug(
                    "Drew page {} of {} at {} x {} px: {} bytes of {}",
                    request.page(),
                    original.documentId(),
                    size.width(),
                    size.height(),
                    encoded.bytes().length,
                    encoded.contentType());
            return Optional.of(new PageImage(encoded.bytes(), encoded.contentType(), tag, size.width(), size.height()));
        }
    }

    private String tag(Original original, PageRequest request) {
        return "\"" + original.sha256().substring(0, 16) + "-" + request.page() + "-"
                + request.pixelWidth(config.maxPixelWidth()) + "-" + config.maxPixels() + "-" + RENDERING + "\"";
    }

    private Optional<CitedPassage> resolve(String owner, String documentId, PassageRef ref) {
        return switch (ref) {
            case PassageRef.Ordinal o -> originals.passage(owner, documentId, o.ordinal());
            case PassageRef.Located l -> located(originals.passages(owner, documentId), l);
        };
    }

    /** The passage at the location whose text starts like the snippet (without its ellipsis), or the first there. */
    static Optional<CitedPassage> located(List<CitedPassage> passages, PassageRef.Located ref) {
        String start =
                ref.snippet().replaceAll("…$", "").replaceAll("\\s+", " ").strip();
        // citations drop the document's own title from a heading path, so "" or "Methods" may stand for
        // "Title > Methods"; a research report's library source names its reference there, no place at all
        List<CitedPassage> placed = passages.stream()
                .filter(p -> ref.location().isEmpty()
                        || p.location().equals(ref.location())
                        || p.location().endsWith(" > " + ref.location()))
                .toList();
        List<CitedPassage> here = placed.isEmpty() ? passages : placed;
        return here.stream()
                .filter(p -> p.text().replaceAll("\\s+", " ").strip().startsWith(start))
                .findFirst()
                .or(() -> here.stream().findFirst());
    }

    private PassageView build(String owner, Document document, CitedPassage passage) {
        Optional<Original> original = originals.find(owner, document.id());
        if (original.isPresent() && original.get().mediaType().equals(PDF)) {
            try {
                PageDisplay page = queue.run(() -> onPage(owner, original.get(), passage));
                return new PassageView(document, passage, true, page, "");
            } catch (ViewerRefused e) {
                if (e.kind() != ViewerRefused.Kind.UNREADABLE) {
                    throw e;
                }
                log.info("Document {} shown as text: {}", document.id(), e.getMessage());
                return asPassages(document, owner, passage, true, e.getMessage() + " Its text is shown instead.");
            }
        }
        if (original.isPresent() && passage.placed()) {
            Optional<List<String>> sections = originals.sections(owner, document.id());
            if (sections.isPresent()
                    && passage.section() < sections.get().size()
                    && passage.end() <= sections.get().get(passage.section()).length()) {
                TextDisplay text = TextWindow.section(
                        passage.location(), sections.get().get(passage.section()), passage.start(), passage.end());
                return new PassageView(document, passage, true, text, "");
            }
        }
        return asPassages(document, owner, passage, original.isPresent(), "");
    }

    private PassageView asPassages(Document document, String owner, CitedPassage passage, boolean kept, String notice) {
        TextDisplay text = TextWindow.joined(passage.location(), originals.passages(owner, document.id()), passage);
        return new PassageView(document, passage, kept, text, notice);
    }

    private PageDisplay onPage(String owner, Original original, CitedPassage passage) {
        Foreground.Activity waited = library.foreground().begin();
        try (waited;
                PdfPages pdf = PdfPages.open(files.file(owner, original))) {
            int page = Math.min(Math.max(1, pageOf(passage)), pdf.count());
            double[] shown = pdf.size(page);
            Match match = PassageMatcher.find(pdf.glyphs(page), passage.text()).turned(pdf.rotation(page));
            return new PageDisplay(page, pdf.count(), shown[1] / shown[0], match);
        }
    }

    /** The page recorded at ingestion, or for documents from before, the one the label names. */
    private static int pageOf(CitedPassage passage) {
        if (passage.page() > 0) {
            return passage.page();
        }
        Matcher m = PAGE_LABEL.matcher(passage.location());
        return m.matches() ? Integer.parseInt(m.group(1)) : 1;
    }

    /** Renders running or waiting now. */
    public int renderLoad() {
        return queue.load();
    }

    @Override
    public void close() {
        queue.close();
    }
}
