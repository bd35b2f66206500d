package com.researchassistant.viewer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RenderSizeTest {

    @Test
    void a_phone_390_css_pixels_wide_at_ratio_3_gets_1216_device_pixels_a_multiple_of_64() {
        // given
        PageRequest request = new PageRequest(1, 390, 3);

        // when
        int width = request.pixelWidth(2_000);

        // then
        assertThat(width).isEqualTo(1_216);
    }

    @Test
    void the_width_is_capped() {
        assertThat(new PageRequest(1, 1_600, 2).pixelWidth(2_000)).isEqualTo(2_000);
    }

    @Test
    void a_letter_page_at_1216_pixels_is_drawn_at_its_aspect_with_the_matching_dpi() {
        // when
        RenderSize size = RenderSize.of(1_216, 612, 792, 4_000_000);

        // then
        assertThat(size.width()).isEqualTo(1_216);
        assertThat(size.height()).isEqualTo((int) Math.floor(792 * (1_216 / 612.0)));
        assertThat(size.dpi()).isCloseTo(72 * 1_216 / 612f, within(0.01f));
    }

    @Test
    void a_very_tall_page_is_drawn_narrower_to_stay_within_the_pixel_budget() {
        // when: a strip 612 x 20,000 points at 2,000 px wide would be 65 million pixels
        RenderSize size = RenderSize.of(2_000, 612, 20_000, 4_000_000);

        // then
        assertThat((long) size.width() * size.height()).isLessThanOrEqualTo(4_000_000);
        assertThat(size.width()).isLessThan(2_000).isGreaterThan(300);
    }

    @Test
    void absurd_sizes_are_refused_as_bad_requests() {
        for (Runnable bad : new Runnable[] {
            () -> new PageRequest(1, 10_000, 1),
            () -> new PageRequest(1, 390, 40),
            () -> new PageRequest(0, 390, 2),
            () -> new PageRequest(1, 10, 2),
            () -> new PageRequest(1, 390, Double.NaN)
        }) {
            assertThatThrownBy(bad::run)
                    .isInstanceOfSatisfying(
                            ViewerRefused.class, e -> assertThat(e.kind()).isEqualTo(ViewerRefused.Kind.BAD_REQUEST));
        }
    }
}
