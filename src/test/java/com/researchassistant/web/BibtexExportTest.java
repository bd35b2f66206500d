package com.researchassistant.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchassistant.chat.Reference;
import com.researchassistant.chat.Source;
import java.util.List;
import org.junit.jupiter.api.Test;

class BibtexExportTest {

    @Test
    void writes_one_entry_per_cited_document_with_its_reference() {
        // given
        Reference smith = new Reference(
                List.of("Müller, Anna", "Lee, Kim"),
                2020,
                "Journal of Sleep & Memory",
                "10.1000/sleep_1",
                "https://example.org/s");
        List<Source> sources = List.of(
                new Source(1, Source.LIBRARY, "d1", "The {spindle} effect: 50% more", "p. 2", "...", 0.9, smith),
                new Source(2, Source.LIBRARY, "d1", "The {spindle} effect: 50% more", "p. 3", "...", 0.8, smith),
                new Source(3, Source.MEMORY, "t1", "Earlier in this conversation", "", "...", 0.7),
                new Source(4, Source.LIBRARY, "d2", "Untitled notes", "", "...", 0.6));

        // when
        String bib = BibtexExport.of(sources);

        // then
        assertThat(bib).isEqualTo("""
                @article{muller2020spindle,
                  title = {The \\{spindle\\} effect: 50\\% more},
                  author = {Müller, Anna and Lee, Kim},
                  journal = {Journal of Sleep \\& Memory},
                  year = {2020},
                  doi = {10.1000/sleep\\_1},
                  url = {https://example.org/s},
                }

                @misc{untitled,
                  title = {Untitled notes},
                }

                """);
    }

    @Test
    void keys_stay_unique() {
        // given
        Reference r = new Reference(List.of("Ng, Lee"), 2019, "", "", "");
        List<Source> sources = List.of(
                new Source(1, Source.LIBRARY, "a", "Replay", "", "", 1, r),
                new Source(2, Source.LIBRARY, "b", "Replay", "", "", 1, r));

        // when
        String bib = BibtexExport.of(sources);

        // then
        assertThat(bib).contains("@misc{ng2019replay,").contains("@misc{ng2019replaya,");
    }
}
