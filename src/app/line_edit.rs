//! A one-line text field that edits like a shell's: the cursor moves with
//! ← → Home End (Ctrl-a, Ctrl-e), Ctrl-u and Ctrl-k delete to the start and
//! the end, Ctrl-w and Alt-Backspace delete the word before the cursor.

use super::messages::Action;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LineEdit {
    pub text: String,
    /// A byte offset on a character boundary.
    pub cursor: usize,
}

impl LineEdit {
    /// `text` with the cursor at its end.
    pub fn new(text: impl Into<String>) -> LineEdit {
        let text = text.into();
        let cursor = text.len();
        LineEdit { text, cursor }
    }

    /// Replace the whole text; the cursor goes to its end.
    pub fn set(&mut self, text: impl Into<String>) {
        *self = LineEdit::new(text);
    }

    fn prev_boundary(&self, at: usize) -> usize {
        self.text[..at]
            .char_indices()
            .next_back()
            .map_or(0, |(i, _)| i)
    }

    fn next_boundary(&self, at: usize) -> usize {
        self.text[at..]
            .chars()
            .next()
            .map_or(at, |c| at + c.len_utf8())
    }

    /// Where the word before `at` starts: back over separators, then over
    /// the word (a path's `/` separates words, as in a shell's Ctrl-w on
    /// a path with `unix-filename-rubout`).
    fn word_start(&self, at: usize) -> usize {
        let is_sep = |c: char| c.is_whitespace() || c == '/';
        let before = &self.text[..at];
        let trimmed = before.trim_end_matches(is_sep);
        trimmed
            .char_indices()
            .rev()
            .find(|(_, c)| is_sep(*c))
            .map_or(0, |(i, c)| i + c.len_utf8())
    }

    /// Carry out an editing action; false when it is not one.
    pub fn apply(&mut self, action: &Action) -> bool {
        match action {
            Action::Char(c) => {
                self.text.insert(self.cursor, *c);
                self.cursor += c.len_utf8();
            }
            Action::Paste(pasted) => {
                let line = super::textarea::first_line(pasted);
                self.text.insert_str(self.cursor, &line);
                self.cursor += line.len();
            }
            Action::DeleteChar => {
                let from = self.prev_boundary(self.cursor);
                self.text.replace_range(from..self.cursor, "");
                self.cursor = from;
            }
            Action::DeleteForward => {
                let to = self.next_boundary(self.cursor);
                self.text.replace_range(self.cursor..to, "");
            }
            Action::Left => self.cursor = self.prev_boundary(self.cursor),
            Action::Right => self.cursor = self.next_boundary(self.cursor),
            Action::First | Action::LineStart => self.cursor = 0,
            Action::Last | Action::LineEnd => self.cursor = self.text.len(),
            Action::KillToStart => {
                self.text.replace_range(..self.cursor, "");
                self.cursor = 0;
            }
            Action::KillToEnd => self.text.truncate(self.cursor),
            Action::DeleteWordBack => {
                let from = self.word_start(self.cursor);
                self.text.replace_range(from..self.cursor, "");
                self.cursor = from;
            }
            _ => return false,
        }
        true
    }

    /// The text before and after the cursor, for drawing it.
    pub fn split(&self) -> (&str, &str) {
        self.text.split_at(self.cursor)
    }
}

/// Tab in a folder prompt: what `typed` completes to, from the folder
/// names `entries` of the folder it names so far (the part after the last
/// `/`). Returns the completed text and the matching names (several: the
/// text is completed as far as they agree).
pub fn complete_folder(typed: &str, entries: &[String]) -> (String, Vec<String>) {
    let (dir, stem) = match typed.rfind('/') {
        Some(i) => (&typed[..=i], &typed[i + 1..]),
        None => ("", typed),
    };
    let mut matches: Vec<String> = entries
        .iter()
        .filter(|e| e.starts_with(stem) && (stem.starts_with('.') || !e.starts_with('.')))
        .cloned()
        .collect();
    matches.sort();
    match matches.as_slice() {
        [] => (typed.to_string(), matches),
        [one] => (format!("{dir}{one}/"), matches),
        [first, rest @ ..] => {
            let mut common = first.len();
            for m in rest {
                common = first
                    .char_indices()
                    .zip(m.chars())
                    .take_while(|((_, a), b)| a == b)
                    .last()
                    .map_or(0, |((i, a), _)| i + a.len_utf8())
                    .min(common);
            }
            (format!("{dir}{}", &first[..common]), matches)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(start: &str, actions: &[Action]) -> (String, usize) {
        let mut e = LineEdit::new(start);
        for a in actions {
            assert!(e.apply(a), "{a:?}");
        }
        (e.text, e.cursor)
    }

    #[test]
    fn edits_like_a_shell_line() {
        use Action::*;
        assert_eq!(run("~/codestudy/flask", &[KillToStart]), (String::new(), 0));
        assert_eq!(
            run("~/codestudy/flask", &[DeleteWordBack]),
            ("~/codestudy/".into(), 12)
        );
        assert_eq!(
            run("~/codestudy/flask/", &[DeleteWordBack]),
            ("~/codestudy/".into(), 12)
        );
        assert_eq!(
            run("été", &[Left, DeleteChar, Char('x')]),
            ("éxé".into(), 3)
        );
        assert_eq!(
            run("abc", &[First, DeleteForward, Last, Char('d')]),
            ("bcd".into(), 3)
        );
        assert_eq!(run("abcdef", &[Left, Left, KillToEnd]), ("abcd".into(), 4));
        assert_eq!(
            run("ab", &[LineStart, Paste("x\ny".into())]),
            ("xab".into(), 1)
        );
        // At the ends, moving and deleting do nothing.
        assert_eq!(
            run("", &[Left, DeleteChar, DeleteForward, Right]),
            (String::new(), 0)
        );
    }

    #[test]
    fn tab_completes_a_folder_name_as_far_as_the_names_agree() {
        let names: Vec<String> = ["code", "codestudy", "Documents", ".config"]
            .map(String::from)
            .to_vec();
        assert_eq!(
            complete_folder("~/Doc", &names),
            ("~/Documents/".into(), vec!["Documents".into()])
        );
        assert_eq!(
            complete_folder("~/co", &names),
            ("~/code".into(), vec!["code".into(), "codestudy".into()])
        );
        assert_eq!(complete_folder("~/zz", &names).1, Vec::<String>::new());
        // Hidden folders only when asked for with a dot.
        assert_eq!(complete_folder("~/.c", &names).0, "~/.config/");
        assert_eq!(complete_folder("~/", &names).0, "~/");
    }
}
