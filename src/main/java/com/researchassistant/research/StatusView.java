package com.researchassistant.research;

import com.researchassistant.config.ResearchConfig;
import com.researchassistant.job.Job;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Builds a job's {@link ResearchStatus} from what is stored of it: the job, its input and its checkpoint. */
final class StatusView {

    private StatusView() {}

    static ResearchStatus of(Job job, ResearchConfig config) {
        ResearchRequest request = ResearchRequest.fromJson(job.input());
        Progress progress = progress(job);
        ResearchConfig.Budget budget = request.depth().budget(config);
        List<ResearchStatus.SourceView> sources = progress.sources().stream()
                .map(s -> new ResearchStatus.SourceView(
                        s.number(),
                        s.kind(),
                        s.provider(),
                        s.title(),
                        s.authors(),
                        s.year(),
                        s.venue(),
                        s.doi(),
                        s.link(),
                        s.documentId(),
                        progress.readHow().getOrDefault(s.number(), "")))
                .toList();
        List<ResearchStatus.SectionView> sections = new ArrayList<>();
        for (int i = 0; i < progress.sections().size(); i++) {
            Section section = progress.sections().get(i);
            sections.add(new ResearchStatus.SectionView(
                    i,
                    section.title(),
                    section.kind(),
                    section.method(),
                    section.text().length()));
        }
        Meter.Spent spent = progress.spent();
        ResearchStatus.Spending spending = new ResearchStatus.Spending(
                spent.modelCalls(),
                budget.modelCalls(),
                spent.promptTokens(),
                spent.completionTokens(),
                spent.tokens(),
                budget.tokens(),
                spent.sourcesRead(),
                budget.sourcesRead(),
                spent.elapsedMillis(),
                budget.wallTime().toMillis());
        return new ResearchStatus(
                job.id(),
                job.status().id(),
                job.sessionId().orElse(""),
                request.question(),
                request.depth().id(),
                job.createdAt().toString(),
                job.updatedAt().toString(),
                job.lastEvent(),
                progress.stage(),
                progress.plan(),
                progress.planMethod(),
                progress.found(),
                progress.unique(),
                sources,
                sections,
                spending,
                progress.cuts(),
                progress.unreachable(),
                new ResearchStatus.Report(progress.turnId(), progress.status(), progress.content()),
                job.failure().orElse(""));
    }

    static ResearchSummary summary(Job job) {
        ResearchRequest request = ResearchRequest.fromJson(job.input());
        Progress progress = progress(job);
        return new ResearchSummary(
                job.id(),
                job.status().id(),
                request.question(),
                request.depth().id(),
                job.createdAt().toString(),
                job.updatedAt().toString(),
                job.lastEvent(),
                progress.questionTurnId(),
                progress.turnId(),
                progress.status(),
                job.failure().orElse(""));
    }

    private static Progress progress(Job job) {
        try {
            return job.checkpoint().map(Progress::fromJson).orElseGet(Progress::start);
        } catch (UncheckedIOException e) {
            return Progress.start();
        }
    }
}
