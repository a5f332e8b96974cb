//! A multi-line text box for notes: lines of text and a cursor, edited by
//! [`Action`](super::Action)s, laid out with soft wrapping. Pure: the
//! screen draws [`TextArea::layout`].

/// The first line of a paste, for a one-line prompt, without the
/// characters a text box refuses (controls, bidi and zero-width ones).
pub fn first_line(text: &str) -> String {
    text.split(['\r', '\n'])
        .next()
        .unwrap_or_default()
        .chars()
        .filter(|c| !c.is_control() && !crate::sanitize::is_unsafe(*c))
        .collect()
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextArea {
    lines: Vec<String>,
    /// The cursor: a line, and a position in it counted in characters.
    row: usize,
    col: usize,
}

impl TextArea {
    /// A box holding `text`, the cursor at its end.
    pub fn new(text: &str) -> TextArea {
        let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
        if lines.is_empty() {
            lines.push(String::new());
        }
        let row = lines.len() - 1;
        let col = lines[row].chars().count();
        TextArea { lines, row, col }
    }

    pub fn text(&self) -> String {
        self.lines.join("\n")
    }

    /// (line, character) of the cursor.
    pub fn cursor(&self) -> (usize, usize) {
        (self.row, self.col)
    }

    fn byte_at(&self, col: usize) -> usize {
        let line = &self.lines[self.row];
        line.char_indices().nth(col).map_or(line.len(), |(i, _)| i)
    }

    fn line_chars(&self) -> usize {
        self.lines[self.row].chars().count()
    }

    pub fn insert(&mut self, c: char) {
        if c == '\n' {
            return self.newline();
        }
        // Controls, bidi and zero-width characters would show as stand-ins
        // of another width and move the cursor off its character.
        if c.is_control() || crate::sanitize::is_unsafe(c) {
            return;
        }
        let at = self.byte_at(self.col);
        self.lines[self.row].insert(at, c);
        self.col += 1;
    }

    /// Insert a whole string at the cursor (a paste): line breaks (`\n`,
    /// `\r\n` or a lone `\r`, as terminals send them) start new lines, the
    /// characters [`insert`](Self::insert) refuses are left out, and the
    /// line is spliced once, so the cost is linear in the text and the line,
    /// not in their product.
    pub fn insert_str(&mut self, text: &str) {
        let at = self.byte_at(self.col);
        let rest = self.lines[self.row].split_off(at);
        let mut pieces: Vec<String> = Vec::new();
        let mut current = String::new();
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\r' => {
                    if chars.peek() == Some(&'\n') {
                        chars.next();
                    }
                    pieces.push(std::mem::take(&mut current));
                }
                '\n' => pieces.push(std::mem::take(&mut current)),
                c if c.is_control() || crate::sanitize::is_unsafe(c) => {}
                c => current.push(c),
            }
        }
        pieces.push(current);
        let mut last = pieces.pop().unwrap_or_default();
        if pieces.is_empty() {
            self.col += last.chars().count();
            self.lines[self.row].push_str(&last);
            self.lines[self.row].push_str(&rest);
            return;
        }
        self.col = last.chars().count();
        last.push_str(&rest);
        let mut pieces = pieces.into_iter();
        let first = pieces.next().unwrap_or_default();
        self.lines[self.row].push_str(&first);
        let mut tail: Vec<String> = pieces.collect();
        tail.push(last);
        let row = self.row;
        self.row += tail.len();
        self.lines.splice(row + 1..row + 1, tail);
    }

    pub fn newline(&mut self) {
        let at = self.byte_at(self.col);
        let rest = self.lines[self.row].split_off(at);
        self.lines.insert(self.row + 1, rest);
        self.row += 1;
        self.col = 0;
    }

    /// Backspace: the character before the cursor, or join with the line
    /// above.
    pub fn backspace(&mut self) {
        if self.col > 0 {
            self.col -= 1;
            let at = self.byte_at(self.col);
            self.lines[self.row].remove(at);
        } else if self.row > 0 {
            let line = self.lines.remove(self.row);
            self.row -= 1;
            self.col = self.line_chars();
            self.lines[self.row].push_str(&line);
        }
    }

    /// Delete: the character under the cursor, or join the next line.
    pub fn delete(&mut self) {
        if self.col < self.line_chars() {
            let at = self.byte_at(self.col);
            self.lines[self.row].remove(at);
        } else if self.row + 1 < self.lines.len() {
            let next = self.lines.remove(self.row + 1);
            self.lines[self.row].push_str(&next);
        }
    }

    pub fn left(&mut self) {
        if self.col > 0 {
            self.col -= 1;
        } else if self.row > 0 {
            self.row -= 1;
            self.col = self.line_chars();
        }
    }

    pub fn right(&mut self) {
        if self.col < self.line_chars() {
            self.col += 1;
        } else if self.row + 1 < self.lines.len() {
            self.row += 1;
            self.col = 0;
        }
    }

    pub fn up(&mut self) {
        if self.row > 0 {
            self.row -= 1;
            self.col = self.col.min(self.line_chars());
        } else {
            self.col = 0;
        }
    }

    pub fn down(&mut self) {
        if self.row + 1 < self.lines.len() {
            self.row += 1;
            self.col = self.col.min(self.line_chars());
        } else {
            self.col = self.line_chars();
        }
    }

    pub fn home(&mut self) {
        self.col = 0;
    }

    pub fn end(&mut self) {
        self.col = self.line_chars();
    }

    /// The text cut into screen rows of fewer than `width` columns (the
    /// last column is kept for the cursor), wrapped at spaces where a line
    /// is longer, and where the cursor is: (row, column).
    pub fn layout(&self, width: usize) -> (Vec<String>, (usize, usize)) {
        let room = width.max(2) - 1;
        let mut rows = Vec::new();
        let mut cursor = (0, 0);
        for (i, line) in self.lines.iter().enumerate() {
            let chars: Vec<char> = line.chars().collect();
            let mut start = 0;
            loop {
                // How far this row reaches: as many characters as fit,
                // then back to just after a space if the row breaks a word.
                // Measured as a string, as the screen draws it: an emoji
                // and its variation selector are wider together.
                let mut end = start;
                let mut row = String::new();
                while end < chars.len() {
                    row.push(chars[end]);
                    if crate::text::width(&row) > room {
                        break;
                    }
                    end += 1;
                }
                if end < chars.len() {
                    if let Some(space) = chars[start..end].iter().rposition(|c| *c == ' ')
                        && space > 0
                    {
                        end = start + space + 1;
                    }
                    end = end.max(start + 1);
                }
                let last = end >= chars.len();
                let here = i == self.row
                    && self.col >= start
                    && (self.col < end || (last && self.col == end));
                if here {
                    let before: String = chars[start..self.col].iter().collect();
                    cursor = (rows.len(), crate::text::width(&before));
                }
                rows.push(chars[start..end].iter().collect::<String>());
                if last {
                    break;
                }
                start = end;
            }
        }
        (rows, cursor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(text: &str) -> TextArea {
        let mut t = TextArea::new("");
        for c in text.chars() {
            t.insert(c);
        }
        t
    }

    #[test]
    fn typing_enter_and_backspace_edit_lines() {
        let mut t = typed("ab\ncd");
        assert_eq!(t.text(), "ab\ncd");
        assert_eq!(t.cursor(), (1, 2));
        t.home();
        t.backspace();
        assert_eq!(t.text(), "abcd");
        assert_eq!(t.cursor(), (0, 2));
        t.newline();
        assert_eq!(t.text(), "ab\ncd");
        t.up();
        t.end();
        t.delete();
        assert_eq!(t.text(), "abcd");
        t.insert('\u{1b}');
        assert_eq!(t.text(), "abcd", "control characters are not text");
    }

    #[test]
    fn a_paste_is_spliced_at_the_cursor_with_its_lines() {
        let mut t = TextArea::new("ab\ncd");
        t.up();
        t.home();
        t.right();
        t.insert_str("1\r\n2\r3\n4\u{1b}\u{202e}5");
        assert_eq!(t.text(), "a1\n2\n3\n45b\ncd");
        assert_eq!(t.cursor(), (3, 2), "after the pasted text");
        t.insert_str("x");
        assert_eq!(t.text(), "a1\n2\n3\n45xb\ncd");
        assert_eq!(t.cursor(), (3, 3));
        // The same as typing it, character by character.
        let text = "día\n日本 x\n\ny";
        let mut pasted = TextArea::new("q");
        pasted.insert_str(text);
        let mut typed = TextArea::new("q");
        for c in text.chars() {
            typed.insert(c);
        }
        assert_eq!(pasted, typed);
    }

    #[test]
    fn a_large_paste_is_kept_whole() {
        let text = "wwwwwwwww ".repeat(10_000) + "ENDMARK";
        let mut t = TextArea::new("");
        t.insert_str(&text);
        assert_eq!(t.text(), text);
        assert_eq!(t.cursor(), (0, text.len()));
    }

    #[test]
    fn moving_keeps_the_cursor_inside_the_text() {
        let mut t = TextArea::new("long line\nx");
        assert_eq!(t.cursor(), (1, 1));
        t.up();
        assert_eq!(t.cursor(), (0, 1));
        t.end();
        t.down();
        assert_eq!(t.cursor(), (1, 1), "clamped to the shorter line");
        t.right();
        assert_eq!(t.cursor(), (1, 1), "nothing after the end");
        t.home();
        t.left();
        assert_eq!(t.cursor(), (0, 9), "left at a line start goes up");
        t.right();
        assert_eq!(t.cursor(), (1, 0));
    }

    #[test]
    fn multibyte_characters_are_edited_whole() {
        let mut t = typed("día 日本");
        t.left();
        t.backspace();
        assert_eq!(t.text(), "día 本");
        t.home();
        t.right();
        t.right();
        t.delete();
        assert_eq!(t.text(), "dí 本");
    }

    #[test]
    fn layout_wraps_long_lines_and_places_the_cursor() {
        let t = TextArea::new("abcdefgh\nxy");
        let (rows, cursor) = t.layout(5);
        assert_eq!(rows, ["abcd", "efgh", "xy"]);
        assert_eq!(cursor, (2, 2));
        // At a space when there is one; the space stays on the first row.
        let t = TextArea::new("ab cd efgh");
        assert_eq!(t.layout(7).0, ["ab cd ", "efgh"]);
        assert_eq!(t.layout(7).1, (1, 4));
        // An empty line is a row.
        assert_eq!(TextArea::new("a\n\nb").layout(5).0, ["a", "", "b"]);
        let mut t = TextArea::new("abcdefgh");
        t.home();
        t.right();
        t.right();
        t.right();
        t.right();
        t.right();
        assert_eq!(t.layout(5).1, (1, 1));
        // Wide characters take two columns.
        let t = TextArea::new("日本語");
        assert_eq!(t.layout(5).0, ["日本", "語"]);
        // An emoji with its variation selector is two columns, not one.
        let t = TextArea::new(&"❤\u{fe0f}".repeat(10));
        for row in t.layout(8).0 {
            assert!(crate::text::width(&row) <= 7, "{row:?}");
        }
    }
}
