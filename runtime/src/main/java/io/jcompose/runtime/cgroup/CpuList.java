package io.jcompose.runtime.cgroup;

import java.util.BitSet;

/** A kernel cpu or memory-node list such as "0-3,5" (see cpuset(7), "List format"). */
record CpuList(BitSet members) {
    CpuList {
        members = (BitSet) members.clone();
    }

    /** Parses {@code text}; blank means no members. */
    static CpuList parse(String text) {
        BitSet set = new BitSet();
        for (String part : text.trim().split(",")) {
            if (part.isBlank()) {
                continue;
            }
            String[] range = part.trim().split("-", 2);
            try {
                int from = Integer.parseInt(range[0]);
                int to = range.length == 2 ? Integer.parseInt(range[1]) : from;
                if (from < 0 || to < from || to > 8191) {
                    throw new NumberFormatException();
                }
                set.set(from, to + 1);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("invalid cpu list \"" + text + "\"");
            }
        }
        return new CpuList(set);
    }

    boolean within(CpuList other) {
        BitSet outside = (BitSet) members.clone();
        outside.andNot(other.members);
        return outside.isEmpty();
    }

    /**
     * Checks a requested cpuset against what the parent group offers, with Docker's message
     * when it asks for more.
     */
    static void checkAvailable(String group, String what, String requested, String available) {
        CpuList want;
        try {
            want = parse(requested);
        } catch (IllegalArgumentException e) {
            throw new CgroupException("cgroup \"" + group + "\": invalid value for cpuset " + what + ": \""
                    + requested + "\"");
        }
        if (!available.isBlank() && !want.within(parse(available))) {
            throw new CgroupException("cgroup \"" + group + "\": requested " + what + " are not available - requested "
                    + requested + ", available: " + available);
        }
    }
}
