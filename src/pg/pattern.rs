//! pg_dump-style table patterns (`schema.table`, `"Quoted Schema".*`),
//! matched against the schema-qualified names coffer lists
//! (`format('%I.%I', nspname, relname)`).
//!
//! As in psql and pg_dump: unquoted parts fold to lower case, `*` matches
//! any run of characters and `?` one character, double quotes keep case and
//! make `*`, `?` and `.` literal. A pattern without a schema matches any schema.

/// One name part: literal characters and wildcards.
#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Lit(char),
    Star,
    Any,
}

/// Splits a pattern or a quoted identifier into its dot-separated parts.
fn parts(s: &str) -> Option<Vec<Vec<Tok>>> {
    let mut out = vec![Vec::new()];
    let mut chars = s.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        let cur = out.last_mut()?;
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                cur.push(Tok::Lit('"'));
            }
            ('"', _) => quoted = !quoted,
            (c, true) => cur.push(Tok::Lit(c)),
            ('.', false) => out.push(Vec::new()),
            ('*', false) => cur.push(Tok::Star),
            ('?', false) => cur.push(Tok::Any),
            (c, false) => cur.extend(c.to_lowercase().map(Tok::Lit)),
        }
    }
    (!quoted && out.len() <= 2).then_some(out)
}

fn glob(p: &[Tok], s: &[char]) -> bool {
    match p.split_first() {
        None => s.is_empty(),
        Some((Tok::Star, rest)) => (0..=s.len()).any(|i| glob(rest, &s[i..])),
        Some((Tok::Any, rest)) => !s.is_empty() && glob(rest, &s[1..]),
        Some((Tok::Lit(c), rest)) => s.first() == Some(c) && glob(rest, &s[1..]),
    }
}

/// The literal characters of an identifier part (no wildcards in a name).
fn literal(p: &[Tok]) -> Vec<char> {
    p.iter()
        .map(|t| match t {
            Tok::Lit(c) => *c,
            Tok::Star => '*',
            Tok::Any => '?',
        })
        .collect()
}

/// Does `pattern` match the qualified table `name` (as `format('%I.%I')` gives it)?
pub fn matches(pattern: &str, name: &str) -> bool {
    let (Some(p), Some(n)) = (parts(pattern), parts(name)) else {
        return false;
    };
    let [schema, table] = n.as_slice() else {
        return false;
    };
    match p.as_slice() {
        [t] => glob(t, &literal(table)),
        [s, t] => glob(s, &literal(schema)) && glob(t, &literal(table)),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::matches;

    #[test]
    fn patterns() {
        let sr = r#""Student Records"."Grade Book""#;
        assert!(matches(r#""Student Records".*"#, sr));
        assert!(matches(sr, sr));
        assert!(!matches("student records.*", sr));
        assert!(matches("public.grades", "public.grades"));
        assert!(matches("grades", "public.grades"));
        assert!(matches("public.grade?", "public.grades"));
        assert!(matches("PUBLIC.GRADES", "public.grades"));
        assert!(!matches("public.grades", "public.grades_old"));
        assert!(matches("public.grades*", "public.grades_old"));
        assert!(!matches(r#""Public".grades"#, "public.grades"));
        assert!(!matches("a.b.c", "public.grades"));
        assert!(!matches(r#""unclosed"#, "public.grades"));
    }
}
