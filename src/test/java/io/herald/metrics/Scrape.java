package io.herald.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One scrape of {@code /metrics} in Prometheus's text format: each series' name, labels and value. */
record Scrape(List<Series> series) {

  private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  record Series(String name, Map<String, String> labels, double value) {
  }

  static Scrape parse(String text) {
    List<Series> series = new ArrayList<>();
    for (String line : text.split("\n")) {
      Matcher matcher = LINE.matcher(line);
      if (line.startsWith("#") || !matcher.find()) {
        continue;
      }
      Map<String, String> labels = new LinkedHashMap<>();
      if (matcher.group(3) != null) {
        Matcher label = LABEL.matcher(matcher.group(3));
        while (label.find()) {
          labels.put(label.group(1), label.group(2));
        }
      }
      series.add(new Series(matcher.group(1), labels, Double.parseDouble(matcher.group(4))));
    }
    return new Scrape(series);
  }

  /** The sum over the series of that name whose labels include the given pairs (0 when there is none). */
  double value(String name, String... labelPairs) {
    return series.stream().filter(s -> s.name().equals(name) && matches(s.labels(), labelPairs)).mapToDouble(Series::value).sum();
  }

  boolean has(String name) {
    return series.stream().anyMatch(s -> s.name().equals(name));
  }

  /** How much a series grew since {@code before}. */
  double delta(Scrape before, String name, String... labelPairs) {
    return value(name, labelPairs) - before.value(name, labelPairs);
  }

  List<Series> named(String name) {
    return series.stream().filter(s -> s.name().equals(name)).toList();
  }

  private static boolean matches(Map<String, String> labels, String[] pairs) {
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      if (!pairs[i + 1].equals(labels.get(pairs[i]))) {
        return false;
      }
    }
    return true;
  }
}
