package ca.carrefour.analysis;

import org.apache.lucene.analysis.TokenStream;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.TokenFilterFactory;

/** English Porter stemmer. Expects lower-cased input. */
@NamedComponent("carrefour_english_stem")
public class EnglishStemTokenFilterFactory implements TokenFilterFactory {

    @Override
    public TokenStream create(TokenStream tokenStream) {
        return Filters.englishStem(tokenStream);
    }
}
