package io.logset.worker.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a JVM's heap after a full GC (through jcmd), and a process's resident memory and CPU time (from /proc). */
final class ProcessMemory {

    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");
    private static final Pattern RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");

    private ProcessMemory() {
    }

    /** Runs a full GC in the process and returns the heap in use afterwards, in MiB. */
    static double heapAfterGcMiB(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        String info = jcmd(pid, "GC.heap_info");
        Matcher matcher = HEAP_USED.matcher(info);
        if (!matcher.find()) {
            throw new IllegalStateException("no heap figure in jcmd output: " + info);
        }
        return Long.parseLong(matcher.group(1)) / 1024.0;
    }

    /** Returns the process's resident set size in MiB. */
    static double residentMiB(long pid) throws IOException {
        Matcher matcher = RSS.matcher(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
        if (!matcher.find()) {
            throw new IllegalStateException("no VmRSS for process " + pid);
        }
        return Long.parseLong(matcher.group(1)) / 1024.0;
    }

    /** Returns the CPU time a process has used so far, user plus system, in seconds, from /proc. */
    static double cpuSeconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        // Fields after the command name, which is in parentheses and may contain blanks: utime is the 14th field.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return ticks / 100.0;
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command)
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + command + " failed: " + output);
        }
        return output;
    }
}
