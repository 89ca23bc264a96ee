package io.dramalake.common.contract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** One JSON Lines record's top-level fields, looked up by name case-insensitively. */
final class JsonRecord {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Map<String, JsonNode> fields;

    private JsonRecord(Map<String, JsonNode> fields) {
        this.fields = fields;
    }

    /** The record, or null when the line is not one JSON object (the contract's {@code malformed}). */
    static JsonRecord parse(String line) {
        if (line == null || line.isBlank()) {
            return null;
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            return null;
        }
        if (node == null || !node.isObject()) {
            return null;
        }
        Map<String, JsonNode> fields = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            fields.putIfAbsent(e.getKey().toLowerCase(Locale.ROOT), e.getValue());
        }
        return new JsonRecord(fields);
    }

    JsonNode node(String name) {
        JsonNode n = fields.get(name);
        return n == null || n.isNull() || n.isMissingNode() ? null : n;
    }

    /** A scalar as trimmed text (numbers in their JSON spelling); empty and null are null. */
    String text(String name) {
        return text(node(name));
    }

    static String text(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isTextual()) {
            return Rules.clean(n.textValue());
        }
        if (n.isIntegralNumber()) {
            return n.bigIntegerValue().toString();
        }
        return Rules.clean(n.isValueNode() ? n.asText() : n.toString());
    }

    /** An array's elements as text; a lone scalar counts as a one-element array. */
    List<String> texts(String name) {
        JsonNode n = node(name);
        List<String> out = new ArrayList<>();
        if (n == null) {
            return out;
        }
        if (n.isArray()) {
            n.forEach(e -> out.add(text(e)));
        } else {
            out.add(text(n));
        }
        return out;
    }
}
