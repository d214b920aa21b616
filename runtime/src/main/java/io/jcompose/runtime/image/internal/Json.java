package io.jcompose.runtime.image.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jcompose.runtime.image.ImageException;
import io.jcompose.runtime.image.ImageException.Reason;
import java.io.IOException;

/** The store's JSON reader and writer; parse errors become {@link Reason#INVALID} naming the document. */
public final class Json {

    /** The mapper for every JSON document the image store reads or writes. */
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    /** Parses {@code bytes}; {@code what} names the document in errors. */
    public static JsonNode parse(byte[] bytes, String what) {
        try {
            JsonNode node = MAPPER.readTree(bytes);
            if (node == null || node.isMissingNode()) {
                throw new ImageException(Reason.INVALID, what + " is empty");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ImageException(Reason.INVALID, what + " is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ImageException(Reason.INVALID, what + " cannot be read: " + e.getMessage());
        }
    }

    /** Serialises {@code value}. */
    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass(), e);
        }
    }
}
