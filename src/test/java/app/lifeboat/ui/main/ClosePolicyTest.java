package app.lifeboat.ui.main;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import app.lifeboat.ui.main.ClosePolicy.Choice;
import app.lifeboat.ui.main.ClosePolicy.Mechanism;
import app.lifeboat.ui.main.ClosePolicy.Step;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Which mechanism protects, and what closing does, for every combination that matters. */
class ClosePolicyTest {
    @Test
    void nothingScheduledMeansNothingProtectsWhateverTheDesktopHas() {
        assertEquals(Mechanism.NONE, ClosePolicy.protecting(0, true, true, Choice.BACKGROUND));
        assertEquals(Mechanism.NONE, ClosePolicy.protecting(0, false, false, Choice.ASK));
    }

    @Test
    void theSystemTimerWinsBecauseItRunsEvenWhenLifeboatIsClosed() {
        assertEquals(Mechanism.SYSTEM_TIMER, ClosePolicy.protecting(2, true, false, Choice.ASK));
        assertEquals(Mechanism.SYSTEM_TIMER, ClosePolicy.protecting(2, true, true, Choice.BACKGROUND));
    }

    @Test
    void theTrayProtectsUnlessThePersonChoseToQuitOnClose() {
        assertEquals(Mechanism.TRAY, ClosePolicy.protecting(1, false, true, Choice.ASK));
        assertEquals(Mechanism.TRAY, ClosePolicy.protecting(1, false, true, Choice.BACKGROUND));
        assertEquals(Mechanism.WINDOW, ClosePolicy.protecting(1, false, true, Choice.QUIT));
    }

    @Test
    void withoutTrayOrTimerOnlyTheOpenWindowProtects() {
        assertEquals(Mechanism.WINDOW, ClosePolicy.protecting(3, false, false, Choice.BACKGROUND));
    }

    @Test
    void withoutATrayClosingQuitsAsBeforeWhateverWasRemembered() {
        for (Choice c : Choice.values()) {
            assertEquals(Step.QUIT, ClosePolicy.onClose(false, c), c.name());
        }
    }

    @Test
    void withATrayTheStandingAnswerDecidesAndWithoutOneThePersonIsAsked() {
        assertEquals(Step.ASK, ClosePolicy.onClose(true, Choice.ASK));
        assertEquals(Step.HIDE, ClosePolicy.onClose(true, Choice.BACKGROUND));
        assertEquals(Step.QUIT, ClosePolicy.onClose(true, Choice.QUIT));
    }

    @Test
    void theQuestionSaysWhenAnOperationGoesOnInTheBackground() {
        assertNotEquals(ClosePolicy.questionKey(false), ClosePolicy.questionKey(true));
    }

    @Test
    void aSavedChoiceReadsBackAndAnythingElseMeansAsk() {
        for (Choice c : Choice.values()) {
            assertEquals(c, Choice.parse(c.saved()));
        }
        assertEquals(Choice.ASK, Choice.parse(null));
        assertEquals(Choice.ASK, Choice.parse("minimize-to-dock"));
    }

    @Test
    void everyMechanismHasItsOwnStatusKey() {
        assertEquals("protection.systemtimer", Mechanism.SYSTEM_TIMER.key());
        assertEquals(4, Arrays.stream(Mechanism.values()).map(Mechanism::key).distinct().count());
    }
}
