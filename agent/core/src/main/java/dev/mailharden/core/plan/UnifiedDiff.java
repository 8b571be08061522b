package dev.mailharden.core.plan;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import java.util.Arrays;
import java.util.List;

/** The `diff -u` text an admin reads before a maintenance window. */
public final class UnifiedDiff {

  private static final int CONTEXT = 3;

  private UnifiedDiff() {}

  public static String of(String path, String before, String after) {
    List<String> a = lines(before);
    List<String> b = lines(after);
    List<String> diff = UnifiedDiffUtils.generateUnifiedDiff(
        "a" + path, "b" + path, a, DiffUtils.diff(a, b), CONTEXT);
    return diff.isEmpty() ? "" : String.join("\n", diff) + "\n";
  }

  private static List<String> lines(String text) {
    return text.isEmpty() ? List.of() : Arrays.asList(text.split("\n", -1));
  }
}
