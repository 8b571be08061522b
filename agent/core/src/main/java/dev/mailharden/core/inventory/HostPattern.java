package dev.mailharden.core.inventory;

import dev.mailharden.core.BadInputException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Ansible's host pattern syntax, as given to {@code --limit}: names of hosts or groups (all
 * is every host), {@code *}/{@code ?}/{@code [..]} globs, {@code ~regex}, separated by commas
 * (or colons when there is no comma), {@code &term} to intersect and {@code !term} to exclude.
 * As in Ansible the plain terms are applied first, then the {@code &} terms, then the
 * {@code !} terms, whatever their order; with no plain term, the start is all.
 */
public final class HostPattern {

  private enum Op { UNION, INTERSECT, EXCLUDE }

  /**
   * One term. A term matches groups (and so their hosts); it matches host names too when no
   * group matched or when it is a glob or regex or holds a dot, as Ansible's
   * _enumerate_matches.
   */
  private record Term(Op op, Predicate<String> matches, boolean alsoHosts) {}

  // Ansible's colon-separated form: words, where a [..] may hold a colon.
  private static final Pattern COLON_WORD = Pattern.compile("(?:[^\\s:\\[\\]]|\\[[^\\]]*\\])+");
  // A single address, which Ansible does not split at its colons: IPv6, host:port.
  private static final Pattern ADDRESS =
      Pattern.compile("[0-9a-fA-F]*:[0-9a-fA-F:.]*:[0-9a-fA-F.]*|[^:\\[\\]]+:\\d+|\\[[^\\]]+\\]:\\d+");
  // Ansible reads name[0], name[1:3], name[-1] as subscripts of a group.
  private static final Pattern SUBSCRIPT = Pattern.compile(".+\\[(?:-?\\d+|\\d+[:-]\\d*)\\]");

  private final String text;
  private final List<Term> terms;

  private HostPattern(String text, List<Term> terms) {
    this.text = text;
    this.terms = terms;
  }

  public static HostPattern parse(String limit) throws BadInputException {
    String where = "--limit '" + limit + "'";
    List<Term> terms = new ArrayList<>();
    for (String word : words(limit)) {
      Op op = switch (word.charAt(0)) {
        case '&' -> Op.INTERSECT;
        case '!' -> Op.EXCLUDE;
        default -> Op.UNION;
      };
      String term = op == Op.UNION ? word : word.substring(1);
      if (term.isEmpty()) {
        throw new BadInputException(where, "'" + word + "' names nothing");
      }
      terms.add(term(op, term, where));
    }
    if (terms.isEmpty()) {
      throw new BadInputException(where, "names no host or group");
    }
    if (terms.stream().noneMatch(t -> t.op() == Op.UNION)) {
      terms.add(term(Op.UNION, "all", where));
    }
    terms.sort(Comparator.comparing(Term::op));
    return new HostPattern(limit, List.copyOf(terms));
  }

  private static List<String> words(String limit) throws BadInputException {
    List<String> words = new ArrayList<>();
    if (limit.contains(",")) {
      words.addAll(List.of(limit.split(",")));
    } else if (ADDRESS.matcher(limit.strip()).matches()) {
      words.add(limit);
    } else {
      Matcher m = COLON_WORD.matcher(limit);
      int end = 0;
      while (m.find()) {
        unsplittable(limit, end, m.start());
        words.add(m.group());
        end = m.end();
      }
      unsplittable(limit, end, limit.length());
    }
    return words.stream().map(String::strip).filter(w -> !w.isEmpty()).toList();
  }

  /** Between two words only colons and blanks: anything else (an unclosed '[') is no word. */
  private static void unsplittable(String limit, int from, int to)
      throws BadInputException {
    String between = limit.substring(from, to);
    if (!between.matches("[\\s:]*")) {
      throw new BadInputException("--limit '" + limit + "'", "cannot read '" + between.strip()
          + "' (an unclosed '['? a regular expression with ':' or '[' must be alone or"
          + " comma-separated)");
    }
  }

  private static Term term(Op op, String term, String where) throws BadInputException {
    if (term.startsWith("~")) {
      try {
        // Python's re.match: anchored at the start only.
        Pattern regex = Pattern.compile(term.substring(1));
        return new Term(op, name -> regex.matcher(name).lookingAt(), true);
      } catch (PatternSyntaxException e) {
        throw new BadInputException(where, "invalid regular expression " + term + ": "
            + e.getDescription());
      }
    }
    if (SUBSCRIPT.matcher(term).matches()) {
      throw new BadInputException(where, "subscripts such as " + term + " are not supported;"
          + " name the hosts instead");
    }
    Pattern glob = Pattern.compile(globToRegex(term), Pattern.DOTALL);
    boolean special = term.chars().anyMatch(c -> ".?*[".indexOf(c) >= 0);
    return new Term(op, name -> glob.matcher(name).matches(), special);
  }

  /** Python's fnmatch.translate: * any run, ? one character, [seq] and [!seq] sets. */
  private static String globToRegex(String glob) {
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      int end = c == '[' ? setEnd(glob, i) : -1;
      if (c == '*') {
        regex.append(".*");
      } else if (c == '?') {
        regex.append('.');
      } else if (end > 0) {
        String set = glob.substring(i + 1, end);
        boolean negated = set.startsWith("!");
        regex.append('[').append(negated ? "^" : "")
            .append((negated ? set.substring(1) : set).replaceAll("([\\\\\\[&^])", "\\\\$1"))
            .append(']');
        i = end;
      } else if (Character.isLetterOrDigit(c)) {
        regex.append(c);
      } else {
        regex.append('\\').append(c);
      }
    }
    return regex.toString();
  }

  /** Where the set opened at {@code open} closes, or -1: a lone [ is a literal. */
  private static int setEnd(String glob, int open) {
    int j = open + 1;
    if (j < glob.length() && glob.charAt(j) == '!') {
      j++;
    }
    if (j < glob.length() && glob.charAt(j) == ']') {
      j++; // a ] right after [ or [! is part of the set
    }
    return glob.indexOf(']', j);
  }

  /** The inventory's hosts this pattern selects, in inventory order; possibly none. */
  public List<InventoryHost> select(Inventory inventory) {
    Set<String> selected = new HashSet<>();
    for (Term term : terms) {
      Set<String> matched = matches(term, inventory);
      switch (term.op()) {
        case UNION -> selected.addAll(matched);
        case INTERSECT -> selected.retainAll(matched);
        case EXCLUDE -> selected.removeAll(matched);
      }
    }
    return inventory.hosts().stream().filter(host -> selected.contains(host.name())).toList();
  }

  private static Set<String> matches(Term term, Inventory inventory) {
    List<String> groups = inventory.groups().stream().filter(term.matches()).toList();
    Set<String> hosts = new HashSet<>();
    for (InventoryHost host : inventory.hosts()) {
      boolean inGroup = host.groups().stream().anyMatch(groups::contains);
      boolean byName = (groups.isEmpty() || term.alsoHosts()) && term.matches().test(host.name());
      if (inGroup || byName) {
        hosts.add(host.name());
      }
    }
    return hosts;
  }

  @Override
  public String toString() {
    return text;
  }
}
