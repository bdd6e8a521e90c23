package app.lifeboat.ui;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * The collector's sizing while the window is open. The launcher keeps the heap close to what is
 * live (a few percent free, see packaging/jpackage-common.txt), which suits a command that runs
 * for seconds. In the window it made the heap grow in small steps during a backup, each step a
 * full collection that stops every thread, the FX thread too, for 100–300 ms on a busy machine.
 * The window grows its heap in the JVM's usual steps instead: a little more memory, no such stalls.
 */
final class WindowHeap {
    /** The JVM's own defaults. */
    static final int MIN_FREE_PERCENT = 40;
    static final int MAX_FREE_PERCENT = 70;

    private WindowHeap() {}

    /** Widens the heap's free-space bounds to the JVM's defaults where the launcher set them tighter. */
    static void relax() {
        try {
            HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            if (percent(vm, "MaxHeapFreeRatio") < MAX_FREE_PERCENT) {
                vm.setVMOption("MaxHeapFreeRatio", Integer.toString(MAX_FREE_PERCENT)); // first: min may not exceed max
            }
            if (percent(vm, "MinHeapFreeRatio") < MIN_FREE_PERCENT) {
                vm.setVMOption("MinHeapFreeRatio", Integer.toString(MIN_FREE_PERCENT));
            }
        } catch (LinkageError | RuntimeException e) {
            // A runtime without jdk.management, or another JVM: the window works, only less smoothly.
            System.getLogger(WindowHeap.class.getName()).log(System.Logger.Level.INFO, "cannot change the heap's free-space bounds: " + e);
        }
    }

    static int percent(HotSpotDiagnosticMXBean vm, String option) {
        return Integer.parseInt(vm.getVMOption(option).getValue());
    }
}
