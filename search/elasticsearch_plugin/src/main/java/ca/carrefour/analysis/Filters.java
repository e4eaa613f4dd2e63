package ca.carrefour.analysis;

import java.util.List;

import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.fr.FrenchAnalyzer;
import org.apache.lucene.analysis.fr.FrenchLightStemFilter;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.util.ElisionFilter;

/**
 * The Lucene building blocks shared by the token filter factories and the
 * analyzers, so that {@code carrefour_french} behaves exactly like the chain of
 * the individual {@code carrefour_*} filters.
 */
final class Filters {

    /** French elided articles/pronouns (same list as Elasticsearch's french analyzer). */
    static final List<String> FRENCH_ARTICLE_LIST = List.of(
        "l", "m", "t", "qu", "n", "s", "j", "d", "c", "jusqu", "quoiqu", "lorsqu", "puisqu"
    );

    /** {@link #FRENCH_ARTICLE_LIST}, matched case-insensitively. */
    static final CharArraySet FRENCH_ARTICLES = CharArraySet.unmodifiableSet(new CharArraySet(FRENCH_ARTICLE_LIST, true));

    /**
     * Lucene's default French stop words plus their ASCII-folded forms
     * ("à" and "a", "été" and "ete"...), so the stop filter works whether it
     * runs before or after {@code carrefour_asciifolding}.
     */
    static final CharArraySet FRENCH_STOP_WORDS = withFoldedForms(FrenchAnalyzer.getDefaultStopSet());

    /** Lucene's default English stop words (already ASCII). */
    static final CharArraySet ENGLISH_STOP_WORDS = EnglishAnalyzer.ENGLISH_STOP_WORDS_SET;

    private Filters() {}

    static TokenStream frenchElision(TokenStream in) {
        return new ElisionFilter(in, FRENCH_ARTICLES);
    }

    static TokenStream lowercase(TokenStream in) {
        return new LowerCaseFilter(in);
    }

    static TokenStream asciiFolding(TokenStream in) {
        return new ASCIIFoldingFilter(in, false);
    }

    static TokenStream frenchStop(TokenStream in) {
        return new StopFilter(in, FRENCH_STOP_WORDS);
    }

    static TokenStream frenchStem(TokenStream in) {
        return new FrenchLightStemFilter(in);
    }

    static TokenStream englishPossessive(TokenStream in) {
        return new EnglishPossessiveFilter(in);
    }

    static TokenStream englishStop(TokenStream in) {
        return new StopFilter(in, ENGLISH_STOP_WORDS);
    }

    static TokenStream englishStem(TokenStream in) {
        return new PorterStemFilter(in);
    }

    static String fold(String word) {
        char[] input = word.toCharArray();
        // foldToASCII may expand one char into up to 4 chars.
        char[] output = new char[input.length * 4];
        int length = ASCIIFoldingFilter.foldToASCII(input, 0, output, 0, input.length);
        return new String(output, 0, length);
    }

    private static CharArraySet withFoldedForms(CharArraySet words) {
        CharArraySet result = new CharArraySet(words.size() * 2, true);
        for (Object word : words) {
            String text = word instanceof char[] chars ? new String(chars) : word.toString();
            result.add(text);
            result.add(fold(text));
        }
        return CharArraySet.unmodifiableSet(result);
    }
}
