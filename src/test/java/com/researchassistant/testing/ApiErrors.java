package com.researchassistant.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

/** The API's error answers: {@code {"error":{"code":"...","message":"..."}}} with the right status. */
public final class ApiErrors {

    private ApiErrors() {}

    /** Asserts the status, the error code and that the error says something. */
    public static void assertError(HttpResponse<String> res, int status, String code) {
        assertThat(res.statusCode()).as(res.body()).isEqualTo(status);
        assertThat(JsonPaths.text(res.body(), "/error/code")).isEqualTo(code);
        assertThat(JsonPaths.text(res.body(), "/error/message")).isNotBlank();
    }
}
