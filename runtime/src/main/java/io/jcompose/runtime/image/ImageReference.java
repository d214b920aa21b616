package io.jcompose.runtime.image;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An image reference parsed by Docker's rules: {@code busybox} is
 * {@code docker.io/library/busybox:latest}; the first path part is a registry only if it has a
 * dot, a colon or is {@code localhost}; names are lower case; the tag defaults to
 * {@code latest} unless a digest is given.
 */
public record ImageReference(String domain, String path, Optional<String> tag, Optional<String> digest) {

    /** The registry that unqualified names belong to. */
    public static final String DEFAULT_DOMAIN = "docker.io";

    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern DOMAIN = Pattern.compile(
            "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*(?::[0-9]+)?"
                    + "|\\[[0-9a-fA-F:]+\\](?::[0-9]+)?");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

    public ImageReference {
        tag = tag.filter(t -> !t.isEmpty());
        digest = digest.filter(d -> !d.isEmpty());
    }

    /** Parses {@code text}; a bad reference is an {@link ImageException} naming it. */
    public static ImageReference parse(String text) {
        String rest = text;
        Optional<String> digest = Optional.empty();
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = Optional.of(rest.substring(at + 1));
            rest = rest.substring(0, at);
            if (!DIGEST.matcher(digest.get()).matches()) {
                throw invalid(text, "invalid digest");
            }
        }
        Optional<String> tag = Optional.empty();
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = Optional.of(rest.substring(colon + 1));
            rest = rest.substring(0, colon);
            if (!TAG.matcher(tag.get()).matches()) {
                throw invalid(text, "invalid tag");
            }
        }
        String domain = DEFAULT_DOMAIN;
        String path = rest;
        int slash = rest.indexOf('/');
        if (slash > 0) {
            String first = rest.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")
                    || !first.equals(first.toLowerCase())) {
                domain = first;
                path = rest.substring(slash + 1);
            }
        }
        if (!DOMAIN.matcher(domain).matches()) {
            throw invalid(text, "invalid registry \"" + domain + "\"");
        }
        if (domain.equals("index.docker.io")) {
            domain = DEFAULT_DOMAIN;
        }
        if (path.isEmpty()) {
            throw invalid(text, "missing repository name");
        }
        if (!path.equals(path.toLowerCase())) {
            throw invalid(text, "repository name must be lowercase");
        }
        for (String component : path.split("/", -1)) {
            if (!COMPONENT.matcher(component).matches()) {
                throw invalid(text, "invalid repository name");
            }
        }
        if (domain.equals(DEFAULT_DOMAIN) && !path.contains("/")) {
            path = "library/" + path;
        }
        if ((domain + "/" + path).length() > 255) {
            throw invalid(text, "repository name must not be more than 255 characters");
        }
        return new ImageReference(domain, path, tag, digest);
    }

    /** This reference with tag {@code latest} when it has neither tag nor digest. */
    public ImageReference withDefaultTag() {
        return tag.isEmpty() && digest.isEmpty() ? new ImageReference(domain, path, Optional.of("latest"), digest) : this;
    }

    /** {@code domain/path}, e.g. {@code docker.io/library/busybox}. */
    public String repository() {
        return domain + "/" + path;
    }

    /** The repository as Docker shows it: {@code busybox}, {@code jcompose-test/app}, {@code localhost:5000/x}. */
    public String familiarRepository() {
        if (!domain.equals(DEFAULT_DOMAIN)) {
            return repository();
        }
        return path.startsWith("library/") && path.indexOf('/', 8) < 0 ? path.substring(8) : path;
    }

    /** The full reference, e.g. {@code docker.io/library/busybox:latest}. */
    public String canonical() {
        return repository() + tag.map(t -> ":" + t).orElse("") + digest.map(d -> "@" + d).orElse("");
    }

    /** The reference as Docker shows it, e.g. {@code busybox:latest}. */
    public String familiar() {
        return familiarRepository() + tag.map(t -> ":" + t).orElse("") + digest.map(d -> "@" + d).orElse("");
    }

    @Override
    public String toString() {
        return familiar();
    }

    private static ImageException invalid(String text, String why) {
        return new ImageException(ImageException.Reason.INVALID,
                "invalid reference format \"" + text + "\": " + why);
    }
}
