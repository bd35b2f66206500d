package com.researchassistant.imports;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * What happened to one entry of an import, as its events and its state report it.
 *
 * @param index the entry's place in the import, from 0
 * @param name the file's path, or the reference's title
 * @param reason why it failed, needs OCR or is a duplicate, in words for the person; "" otherwise
 * @param documentId the document it became, if any; "" otherwise
 * @param duplicateOf the id of the document it duplicates; "" unless a duplicate
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record FileUpdate(int index, String name, String status, String reason, String documentId, String duplicateOf) {

    @JsonCreator
    public FileUpdate(
            @JsonProperty("index") int index,
            @JsonProperty("name") String name,
            @JsonProperty("status") String status,
            @JsonProperty("reason") String reason,
            @JsonProperty("documentId") String documentId,
            @JsonProperty("duplicateOf") String duplicateOf) {
        this.index = index;
        this.name = Objects.requireNonNull(name, "name");
        this.status = FileStatus.of(Objects.requireNonNull(status, "status")).id();
        this.reason = reason == null ? "" : reason;
        this.documentId = documentId == null ? "" : documentId;
        this.duplicateOf = duplicateOf == null ? "" : duplicateOf;
    }

    static FileUpdate of(int index, String name, FileStatus status) {
        return new FileUpdate(index, name, status.id(), "", "", "");
    }

    FileUpdate because(String why) {
        return new FileUpdate(index, name, status, why, documentId, duplicateOf);
    }

    FileUpdate document(String id) {
        return new FileUpdate(index, name, status, reason, id, duplicateOf);
    }

    FileUpdate duplicating(String id) {
        return new FileUpdate(index, name, status, reason, documentId, id);
    }

    @JsonIgnore
    public FileStatus fileStatus() {
        return FileStatus.of(status);
    }
}
