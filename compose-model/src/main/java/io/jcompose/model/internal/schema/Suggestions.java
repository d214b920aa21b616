package io.jcompose.model.internal.schema;

import java.util.Comparator;
import java.util.List;

/** "Did you mean" hints for misspelt attribute names. */
final class Suggestions {
    private Suggestions() {}

    /** A hint naming the closest known attribute, or the list of attributes of a small object. */
    static String hint(String key, List<String> known, String where) {
        String best = known.stream().min(Comparator.comparingInt(k -> distance(key, k))).orElse("");
        if (!best.isEmpty() && distance(key, best) <= Math.max(2, key.length() / 3)) {
            return "did you mean \"" + best + "\"?";
        }
        return known.size() <= 12 ? "a " + where + " accepts: " + String.join(", ", known)
                : "check the spelling and the indentation of \"" + key + "\"";
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
