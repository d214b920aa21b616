package io.jcompose.engine.api.fake;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A minimal ustar reader/writer for the fake (regular files only): enough for docker-save and archive tests. */
public final class FakeTar {
    private FakeTar() {}

    /** Every regular file of the archive, by name. */
    public static Map<String, byte[]> read(InputStream in) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        while (true) {
            byte[] header = in.readNBytes(512);
            if (header.length < 512 || header[0] == 0) {
                return files;
            }
            String name = field(header, 0, 100);
            String prefix = field(header, 345, 155);
            if (!prefix.isEmpty()) {
                name = prefix + "/" + name;
            }
            long size = Long.parseLong(field(header, 124, 12).trim().isEmpty() ? "0" : field(header, 124, 12).trim(), 8);
            byte type = header[156];
            byte[] data = in.readNBytes((int) size);
            long pad = (512 - size % 512) % 512;
            in.readNBytes((int) pad);
            if (type == '0' || type == 0) {
                files.put(name, data);
            }
        }
    }

    /** Writes {@code files} as a tar. */
    public static void write(Map<String, byte[]> files, OutputStream out) throws IOException {
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            byte[] h = new byte[512];
            put(h, 0, e.getKey());
            put(h, 100, "0000644");
            put(h, 108, "0000000");
            put(h, 116, "0000000");
            put(h, 124, String.format("%011o", e.getValue().length));
            put(h, 136, String.format("%011o", 0));
            h[156] = '0';
            put(h, 257, "ustar");
            h[262] = 0;
            put(h, 263, "00");
            for (int i = 148; i < 156; i++) {
                h[i] = ' ';
            }
            int sum = 0;
            for (byte b : h) {
                sum += b & 0xff;
            }
            put(h, 148, String.format("%06o", sum));
            h[154] = 0;
            out.write(h);
            out.write(e.getValue());
            out.write(new byte[(512 - e.getValue().length % 512) % 512]);
        }
        out.write(new byte[1024]);
    }

    /** One file as a tar archive. */
    public static byte[] of(String name, String content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(Map.of(name, content.getBytes(StandardCharsets.UTF_8)), out);
        return out.toByteArray();
    }

    private static void put(byte[] h, int off, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(b, 0, h, off, b.length);
    }

    private static String field(byte[] h, int off, int len) {
        int end = off;
        while (end < off + len && h[end] != 0) {
            end++;
        }
        return new String(h, off, end - off, StandardCharsets.UTF_8);
    }
}
