package io.herald.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Heap (after a full GC, via jcmd) and RSS (from /proc) of the Herald server process under test. */
final class ServerProbe {

  private static final Pattern USED = Pattern.compile("used (\\d+)K");
  private static final Pattern RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");

  private final long pid;

  ServerProbe(long pid) {
    this.pid = pid;
  }

  record Memory(long heapBytes, long rssBytes) {
    Memory minus(Memory base) {
      return new Memory(heapBytes - base.heapBytes, rssBytes - base.rssBytes);
    }
  }

  Memory measure() throws IOException, InterruptedException {
    jcmd("GC.run");
    Thread.sleep(500);
    jcmd("GC.run");
    Matcher heap = USED.matcher(jcmd("GC.heap_info"));
    Matcher rss = RSS.matcher(Files.readString(Path.of("/proc/" + pid + "/status")));
    if (!heap.find() || !rss.find()) {
      throw new IllegalStateException("could not read the server's memory");
    }
    return new Memory(Long.parseLong(heap.group(1)) * 1024, Long.parseLong(rss.group(1)) * 1024);
  }

  /** The server's live-object histogram (bench.histogram=path), to see where per-connection bytes go. */
  void histogram(String file) throws IOException, InterruptedException {
    if (file != null && !file.isEmpty()) {
      Files.writeString(Path.of(file), jcmd("GC.class_histogram"));
    }
  }

  private String jcmd(String command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder("jcmd", Long.toString(pid), command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    process.waitFor(60, TimeUnit.SECONDS);
    return output;
  }
}
