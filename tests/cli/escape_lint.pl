#!/usr/bin/env perl
# escape_lint.pl - untrusted text leaves jury only through core's escapers.
#
# In cli/, tui/ and the report writers, every printf-family call must have a
# literal format, and every %s argument (and the text of fputs/puts/fwrite)
# must be a literal, go through an escaper (cli_esc, cli_escn, md, ...), or
# match a line of escape_allow.txt, which says why it is safe. In the report
# writers the same holds for jstr_addf and jstr_add. Prints each violation
# as FILE:LINE: what; exits 1 when there is any.
use strict;
use warnings;

my ($root, $allow_file) = @ARGV;
my @allow;
open(my $af, '<', $allow_file) or die "cannot read $allow_file\n";
while (<$af>) {
    chomp;
    next if /^\s*(#|$)/;
    my ($glob, $re, $why) = split /\t+/, $_, 3;
    die "$allow_file:$.: needs FILE-GLOB<TAB>REGEX<TAB>REASON\n" unless defined $why && $why =~ /\S/;
    (my $g = $glob) =~ s/\./\\./g;
    $g =~ s/\*/.*/g;
    push @allow, [qr/^$g$/, qr/$re/];
}

my $escaper = qr/^(?:cli_esc|cli_escn|md|mk|esc_\w+|_)\s*\(/;
my @files = (glob("$root/cli/*.c"), glob("$root/tui/*.c"),
             glob("$root/report/*.c"));
die "escape_lint: no sources under $root\n" unless @files;
my $bad = 0;

sub is_literal {
    my ($a) = @_;
    $a =~ s/^\s+|\s+$//g;
    return 1 if $a =~ /^(?:"(?:[^"\\]|\\.)*"\s*)+$/s;          # "a" "b"
    return 1 if $a =~ /^[^?]*\?\s*"(?:[^"\\]|\\.)*"\s*:\s*"(?:[^"\\]|\\.)*"$/s; # c ? "a" : "b"
    return 0;
}

sub safe_arg {
    my ($file, $a) = @_;
    $a =~ s/^\s+|\s+$//g;
    $a =~ s/^\(const char \*\)\s*//;
    return 1 if is_literal($a) || $a =~ $escaper;
    for my $r (@allow) {
        return 1 if $file =~ $r->[0] && $a =~ $r->[1];
    }
    return 0;
}

# Split the text inside a call's parentheses at top-level commas.
sub split_args {
    my ($s) = @_;
    my (@out, $cur, $depth, $q);
    ($cur, $depth, $q) = ('', 0, '');
    for (my $i = 0; $i < length $s; $i++) {
        my $c = substr($s, $i, 1);
        if ($q) {
            $cur .= $c;
            if ($c eq '\\') { $cur .= substr($s, ++$i, 1); next }
            $q = '' if $c eq $q;
            next;
        }
        if ($c eq '"' || $c eq "'") { $q = $c; $cur .= $c; next }
        $depth++ if $c =~ /[([{]/;
        $depth-- if $c =~ /[)\]}]/;
        if ($c eq ',' && $depth == 0) { push @out, $cur; $cur = ''; next }
        $cur .= $c;
    }
    push @out, $cur if $cur =~ /\S/;
    return @out;
}

# The arguments each conversion of a literal format takes: 's' for %s.
sub conversions {
    my ($fmt) = @_;
    my $text = join '', ($fmt =~ /"((?:[^"\\]|\\.)*)"/g);
    my @k;
    while ($text =~ /%([-+ #0]*)(\*|\d+)?(?:\.(\*|\d+))?(hh|h|ll|l|z|j|t|L)?([a-zA-Z%])/g) {
        next if $5 eq '%';
        push @k, 'n' if defined $2 && $2 eq '*';
        push @k, 'n' if defined $3 && $3 eq '*';
        push @k, $5 eq 's' ? 's' : 'n';
    }
    return @k;
}

my %fmt_at = (printf => 0, fprintf => 1, dprintf => 1, jstr_addf => 1);
my %text_at = (fputs => 0, puts => 0, fwrite => 0, jstr_add => 1);
for my $file (@files) {
    my $rel = $file; $rel =~ s{^\Q$root\E/}{};
    my $report = $rel =~ m{^report/};
    open(my $fh, '<', $file) or die "escape_lint: $file: $!\n";
    local $/;
    my $src = <$fh>;
    # blank comments, keeping line numbers and string literals
    $src =~ s{("(?:[^"\\\n]|\\.)*")|/\*.*?\*/|//[^\n]*}{defined $1 ? $1 : ($& =~ s/[^\n]/ /gr)}gse;
    while ($src =~ /\b(printf|fprintf|dprintf|vprintf|vfprintf|fputs|puts|fwrite|jstr_addf|jstr_add)\s*\(/g) {
        my ($fn, $start) = ($1, pos($src));
        next if $fn =~ /^jstr_add/ && !$report;
        my ($depth, $i, $q) = (1, $start, '');
        for (; $i < length($src) && $depth; $i++) {
            my $c = substr($src, $i, 1);
            if ($q) { $i++ if $c eq '\\'; $q = '' if $c eq $q; next }
            if ($c eq '"' || $c eq "'") { $q = $c; next }
            $depth++ if $c eq '(';
            $depth-- if $c eq ')';
        }
        my @args = split_args(substr($src, $start, $i - $start - 1));
        my $line = 1 + (substr($src, 0, $start) =~ tr/\n//);
        my $where = "$rel:$line: $fn";
        if ($fn =~ /^v/) {
            print "$where: a va_list format cannot be checked\n" unless safe_arg($rel, "$fn(");
            $bad++ unless safe_arg($rel, "$fn(");
            next;
        }
        if (exists $text_at{$fn}) {
            my $a = $args[$text_at{$fn}] // '';
            next if safe_arg($rel, $a);
            print "$where: text not escaped: $a\n" =~ s/\s+/ /gr, "\n";
            $bad++;
            next;
        }
        my $fi = $fmt_at{$fn};
        my $fmt = $args[$fi] // '';
        unless (is_literal($fmt) && $fmt !~ /\?/) {
            next if safe_arg($rel, $fmt);
            print "$where: format is not a literal: $fmt\n" =~ s/\s+/ /gr, "\n";
            $bad++;
            next;
        }
        my @kinds = conversions($fmt);
        for my $k (0 .. $#kinds) {
            next unless $kinds[$k] eq 's';
            my $a = $args[$fi + 1 + $k] // '';
            next if safe_arg($rel, $a);
            print "$where: %s argument not escaped: $a\n" =~ s/\s+/ /gr, "\n";
            $bad++;
        }
    }
}
print "$bad unescaped output(s); wrap them in cli_esc()/an esc_* call, or list them in escape_allow.txt with the reason\n" if $bad;
exit($bad ? 1 : 0);
