package com.researchassistant.web;

import com.researchassistant.research.Research;
import com.researchassistant.research.ResearchStatus;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;

/**
 * A research job's report as a Markdown file and its references as a BibTeX file, both as
 * downloads ({@code Content-Disposition: attachment}). The references are there as soon as the
 * sources are chosen; the report once it is stored ({@code 409 report_not_ready} before).
 */
final class ResearchExports {

    private final Research research;
    private final Identities identities;

    ResearchExports(Research research, Identities identities) {
        this.research = research;
        this.identities = identities;
    }

    /** {@code GET /api/research/{job}/report.md}. */
    void markdown(ServerRequest req, ServerResponse res) {
        ResearchStatus job = find(req, res);
        if (job.report().content().isBlank()) {
            throw new ApiException(
                    409, "report_not_ready", "The report is not stored yet: export it once the research has ended.");
        }
        attachment(res, "research-" + job.id() + ".md");
        Responses.send(req, res, 200, "text/markdown", markdown(job).getBytes(StandardCharsets.UTF_8));
    }

    /** {@code GET /api/research/{job}/references.bib}. */
    void bibtex(ServerRequest req, ServerResponse res) {
        ResearchStatus job = find(req, res);
        attachment(res, "research-" + job.id() + ".bib");
        Responses.send(
                req,
                res,
                200,
                "application/x-bibtex; charset=utf-8",
                BibTex.of(job.sources()).getBytes(StandardCharsets.UTF_8));
    }

    static String markdown(ResearchStatus job) {
        String note = switch (job.report().status()) {
            case "partial" -> " Stopped before its end: it holds what was written by then.";
            case "notice" -> " Nothing could be found to report on.";
            default -> "";
        };
        return "# " + job.question().replace('\n', ' ').strip() + "\n\n_Research report (" + job.depth() + " depth), "
                + job.updatedAt() + ". Exported from Research Assistant." + note + "_\n\n"
                + job.report().content().strip() + "\n";
    }

    private ResearchStatus find(ServerRequest req, ServerResponse res) {
        String owner = identities.resolve(req, res);
        return research.status(owner, PathIds.named(req, "job", "research job"))
                .orElseThrow(() -> ApiException.notFound("research job"));
    }

    private static void attachment(ServerResponse res, String filename) {
        res.header(HeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"" + filename + "\"");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
    }
}
