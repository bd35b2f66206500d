package com.researchassistant.web;

import com.researchassistant.chat.ClientProfile;
import com.researchassistant.config.ProfileConfig;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Picks the client profile: the request's {@code client} field, else the {@code
 * Sec-CH-UA-Mobile} client hint, else the User-Agent, else desktop.
 */
final class Profiles {

    private static final Pattern MOBILE_AGENT =
            Pattern.compile("Mobi|Android|iPhone|iPod|iPad|Windows Phone|Opera Mini|IEMobile");

    private final ClientProfile mobile;
    private final ClientProfile desktop;

    Profiles(ProfileConfig mobile, ProfileConfig desktop) {
        this.mobile =
                new ClientProfile(ClientProfile.MOBILE, mobile.maxTokens(), mobile.timeout(), mobile.contextChars());
        this.desktop = new ClientProfile(
                ClientProfile.DESKTOP, desktop.maxTokens(), desktop.timeout(), desktop.contextChars());
    }

    ClientProfile resolve(Optional<String> client, ServerRequest req) {
        if (client.isPresent()) {
            return switch (client.get()) {
                case ClientProfile.MOBILE -> mobile;
                case ClientProfile.DESKTOP -> desktop;
                default ->
                    throw ApiException.badRequest("invalid_field", "'client' must be \"mobile\" or \"desktop\".");
            };
        }
        Optional<String> hint =
                req.headers().first(HeaderNames.create("Sec-CH-UA-Mobile")).map(String::strip);
        if (hint.isPresent() && (hint.get().equals("?1") || hint.get().equals("?0"))) {
            return hint.get().equals("?1") ? mobile : desktop;
        }
        boolean mobileAgent = req.headers()
                .first(HeaderNames.USER_AGENT)
                .map(ua -> MOBILE_AGENT.matcher(ua).find())
                .orElse(false);
        return mobileAgent ? mobile : desktop;
    }
}
