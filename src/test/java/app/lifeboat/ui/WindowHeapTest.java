package app.lifeboat.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class WindowHeapTest {
    @Test
    void theWindowWidensTheLaunchersTightHeapBoundsAndRestoresTheDefaults() {
        HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        String min = vm.getVMOption("MinHeapFreeRatio").getValue();
        String max = vm.getVMOption("MaxHeapFreeRatio").getValue();
        try {
            // What the launcher sets (packaging/jpackage-common.txt).
            vm.setVMOption("MinHeapFreeRatio", "5");
            vm.setVMOption("MaxHeapFreeRatio", "20");
            WindowHeap.relax();
            assertEquals(WindowHeap.MIN_FREE_PERCENT, WindowHeap.percent(vm, "MinHeapFreeRatio"));
            assertEquals(WindowHeap.MAX_FREE_PERCENT, WindowHeap.percent(vm, "MaxHeapFreeRatio"));
        } finally {
            vm.setVMOption("MaxHeapFreeRatio", "100");
            vm.setVMOption("MinHeapFreeRatio", min);
            vm.setVMOption("MaxHeapFreeRatio", max);
        }
    }
}
