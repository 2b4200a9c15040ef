package io.tandem.config.parse;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.stream.Stream;

/**
 * The argument of {@code include}: a path or a glob pattern ({@code *}, {@code ?}, {@code [...]},
 * {@code {a,b}}), relative to the including file's directory unless absolute. keepalived uses
 * glob(3); the JDK's glob matcher has the same syntax for these characters.
 *
 * @param pattern the absolute, normalised pattern
 */
record IncludePattern(Path pattern) {

    static IncludePattern of(Path baseDirectory, String text) {
        return new IncludePattern(baseDirectory.resolve(text).toAbsolutePath().normalize());
    }

    boolean isGlob() {
        return hasGlob(pattern.toString());
    }

    /**
     * The files the pattern names, sorted. A plain path is returned whether or not it exists (so
     * that reading it reports it missing); a glob returns only existing regular files, maybe none.
     */
    List<Path> files() throws IOException {
        if (!isGlob()) {
            return List.of(pattern);
        }
        Path directory = pattern.getRoot();
        int i = 0;
        while (i < pattern.getNameCount() && !hasGlob(pattern.getName(i).toString())) {
            directory =
                    directory == null
                            ? pattern.getName(i)
                            : directory.resolve(pattern.getName(i).toString());
            i++;
        }
        if (directory == null || !Files.isDirectory(directory)) {
            return List.of();
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        int depth = pattern.getNameCount() - i;
        try (Stream<Path> walk = Files.walk(directory, depth)) {
            return walk.filter(p -> p.getNameCount() == pattern.getNameCount())
                    .filter(matcher::matches)
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        }
    }

    private static boolean hasGlob(String text) {
        return text.chars().anyMatch(c -> "*?[{".indexOf(c) >= 0);
    }
}
