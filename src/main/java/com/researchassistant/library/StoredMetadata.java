package com.researchassistant.library;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@link DocumentMetadata} in the five columns {@code authors, published_year, venue, doi, url}
 * (see V20): authors one per line, absent values as nulls.
 */
final class StoredMetadata {

    private StoredMetadata() {}

    /** Binds the five columns from parameter {@code first} on. */
    static void bind(PreparedStatement statement, int first, DocumentMetadata m) throws SQLException {
        statement.setString(first, m.authors().isEmpty() ? null : String.join("\n", m.authors()));
        if (m.year().isPresent()) {
            statement.setInt(first + 1, m.year().getAsInt());
        } else {
            statement.setNull(first + 1, Types.INTEGER);
        }
        statement.setString(first + 2, m.venue().orElse(null));
        statement.setString(first + 3, m.doi().orElse(null));
        statement.setString(first + 4, m.url().orElse(null));
    }

    /** Reads the five columns from column {@code first} on. */
    static DocumentMetadata read(ResultSet row, int first) throws SQLException {
        String authors = row.getString(first);
        int year = row.getInt(first + 1);
        OptionalInt published = row.wasNull() ? OptionalInt.empty() : OptionalInt.of(year);
        List<String> names = authors == null ? List.of() : Arrays.asList(authors.split("\n"));
        return new DocumentMetadata(
                names,
                published,
                Optional.ofNullable(row.getString(first + 2)),
                Optional.ofNullable(row.getString(first + 3)),
                Optional.ofNullable(row.getString(first + 4)));
    }
}
