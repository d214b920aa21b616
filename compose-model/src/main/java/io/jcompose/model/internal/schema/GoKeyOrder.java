package io.jcompose.model.internal.schema;

import java.util.Comparator;

/**
 * The order in which go-yaml sorts map keys, which is the order {@code docker compose config} prints
 * dictionaries in: runs of digits compare as numbers, letters sort before other characters.
 */
public final class GoKeyOrder implements Comparator<String> {
    /** The shared instance. */
    public static final GoKeyOrder INSTANCE = new GoKeyOrder();

    private GoKeyOrder() {}

    @Override
    public int compare(String a, String b) {
        int[] ar = a.codePoints().toArray();
        int[] br = b.codePoints().toArray();
        boolean digits = false;
        for (int i = 0; i < ar.length && i < br.length; i++) {
            if (ar[i] == br[i]) {
                digits = Character.isDigit(ar[i]);
                continue;
            }
            boolean al = Character.isLetter(ar[i]);
            boolean bl = Character.isLetter(br[i]);
            if (al && bl) {
                return Integer.compare(ar[i], br[i]);
            }
            if (al || bl) {
                if (digits) {
                    return al ? -1 : 1;
                }
                return bl ? -1 : 1;
            }
            long an = 0;
            long bn = 0;
            if (ar[i] == '0' || br[i] == '0') {
                for (int j = i - 1; j >= 0 && Character.isDigit(ar[j]); j--) {
                    if (ar[j] != '0') {
                        an = 1;
                        bn = 1;
                        break;
                    }
                }
            }
            int ai = i;
            while (ai < ar.length && Character.isDigit(ar[ai])) {
                an = an * 10 + (ar[ai++] - '0');
            }
            int bi = i;
            while (bi < br.length && Character.isDigit(br[bi])) {
                bn = bn * 10 + (br[bi++] - '0');
            }
            if (an != bn) {
                return Long.compare(an, bn);
            }
            if (ai != bi) {
                return Integer.compare(ai, bi);
            }
            return Integer.compare(ar[i], br[i]);
        }
        return Integer.compare(ar.length, br.length);
    }
}
